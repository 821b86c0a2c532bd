package io.dataexporter.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GzipEngineTest {

  /** Rows of the demo log shape, about 3.4 MiB: three full blocks and a partial one. */
  private static byte[] rows;

  @BeforeAll
  static void makeRows() {
    Random random = new Random(42);
    String[] processes = {"nginx", "sshd", "postgres", "cron", "kernel"};
    StringBuilder csv = new StringBuilder();
    for (int i = 0; csv.length() < 3_600_000; i++) {
      csv.append('"')
          .append(i)
          .append("\",\"2024-03-0")
          .append(1 + random.nextInt(9))
          .append("T10:")
          .append(10 + random.nextInt(50))
          .append(":00.000Z\",\"")
          .append(processes[random.nextInt(processes.length)])
          .append("\",\"request ")
          .append(Long.toHexString(random.nextLong()))
          .append(" took ")
          .append(random.nextInt(5000))
          .append(" ms\"\r\n");
    }
    rows = csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** On CI the system library must be there (.ci/run installs it); elsewhere it may be absent. */
  private static void requireLibdeflate() {
    if (System.getenv("CI") == null) {
      assumeTrue(GzipEngine.libdeflateProblem() == null, GzipEngine.libdeflateProblem());
    }
    assertThat(GzipEngine.libdeflateProblem()).isNull();
  }

  /** Blocks of 1 MiB here, so that a few MiB of rows make several members. */
  private static final int BLOCK = 1 << 20;

  private static CompressedOutputStream open(GzipEngine engine, OutputStream sink, int level)
      throws IOException {
    return engine == GzipEngine.LIBDEFLATE
        ? new BlockGzipOutputStream(sink, level, BLOCK)
        : engine.open(sink, level);
  }

  private static byte[] compress(GzipEngine engine, int level, byte[] data) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompressedOutputStream gzip = open(engine, sink, level);
    try {
      // single bytes, small writes and writes spanning several blocks, as the encoders mix them
      int at = 0;
      for (int i = 0; i < 1000; i++) {
        gzip.write(data[at++]);
      }
      for (int step = 1; at < data.length; step = step * 7 % 3_000_001 + 13) {
        int n = Math.min(step, data.length - at);
        gzip.write(data, at, n);
        at += n;
      }
      gzip.finish();
    } finally {
      gzip.release();
    }
    return sink.toByteArray();
  }

  private static byte[] gunzip(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return in.readAllBytes();
    }
  }

  private static int members(byte[] gzip) {
    int count = 0;
    // every member starts with the magic bytes, method 8, and libdeflate's flags byte 0
    for (int i = 0; i + 3 < gzip.length; i++) {
      if ((gzip[i] & 0xff) == 0x1f && (gzip[i + 1] & 0xff) == 0x8b && gzip[i + 2] == 8) {
        count++;
      }
    }
    return count;
  }

  @ParameterizedTest
  @EnumSource(GzipEngine.class)
  void roundTripsThroughTheJdksReader(GzipEngine engine) throws IOException {
    if (engine == GzipEngine.LIBDEFLATE) {
      requireLibdeflate();
    }
    byte[] gzip = compress(engine, 6, rows);
    assertThat(gunzip(gzip)).isEqualTo(rows);
    assertThat(gzip.length).isLessThan(rows.length / 3);
  }

  @Test
  void libdeflateWritesOneMemberPerBlockThatGzipReadsAsOneStream(@TempDir Path dir)
      throws IOException, InterruptedException {
    requireLibdeflate();
    byte[] gzip = compress(GzipEngine.LIBDEFLATE, 6, rows);
    int blocks = (rows.length + BLOCK - 1) / BLOCK;
    assertThat(blocks).isEqualTo(4);
    assertThat(members(gzip)).isGreaterThanOrEqualTo(blocks);

    Path file = Files.write(dir.resolve("rows.csv.gz"), gzip);
    Process gunzip =
        new ProcessBuilder("gzip", "-dc", file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = gunzip.getInputStream().readAllBytes();
    assertThat(gunzip.waitFor()).isZero();
    assertThat(out).isEqualTo(rows);
  }

  @ParameterizedTest
  @EnumSource(GzipEngine.class)
  void anEmptyStreamIsStillValidGzip(GzipEngine engine) throws IOException {
    if (engine == GzipEngine.LIBDEFLATE) {
      requireLibdeflate();
    }
    byte[] gzip = compress(engine, 6, new byte[1000]);
    assertThat(gunzip(gzip)).hasSize(1000);

    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompressedOutputStream empty = open(engine, sink, 6);
    empty.finish();
    empty.release();
    assertThat(sink.size()).isPositive();
    assertThat(gunzip(sink.toByteArray())).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(GzipEngine.class)
  void theLevelIsHonoured(GzipEngine engine) throws IOException {
    if (engine == GzipEngine.LIBDEFLATE) {
      requireLibdeflate();
    }
    int fastest = compress(engine, 1, rows).length;
    int smallest = compress(engine, 9, rows).length;
    assertThat(smallest).isLessThan(fastest * 95 / 100);
  }

  @Test
  void libdeflateIsSmallerThanZlibAtTheSameLevel() throws IOException {
    requireLibdeflate();
    assertThat(compress(GzipEngine.LIBDEFLATE, 6, rows).length)
        .isLessThan(compress(GzipEngine.ZLIB, 6, rows).length);
  }

  @Test
  void theEnginesBlocksAreFourMebibytes() throws IOException {
    requireLibdeflate();
    byte[] gzip = compress(GzipEngine.LIBDEFLATE, 1, rows);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (CompressedOutputStream big = GzipEngine.LIBDEFLATE.open(sink, 1)) {
      big.write(rows);
      big.finish();
      big.release();
    }
    assertThat(members(sink.toByteArray())).isLessThan(members(gzip));
    assertThat(gunzip(sink.toByteArray())).isEqualTo(rows);
  }

  /** Blocks are reused after release, never shared by two open streams. */
  @Test
  void streamsOpenAtOnceKeepTheirOwnBlocksAndReleasedOnesAreReused() throws IOException {
    requireLibdeflate();
    byte[] other =
        new StringBuilder(new String(rows, StandardCharsets.UTF_8))
            .reverse()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 3; round++) {
      ByteArrayOutputStream sinkA = new ByteArrayOutputStream();
      ByteArrayOutputStream sinkB = new ByteArrayOutputStream();
      CompressedOutputStream a = GzipEngine.LIBDEFLATE.open(sinkA, 6);
      CompressedOutputStream b = GzipEngine.LIBDEFLATE.open(sinkB, 6);
      for (int at = 0; at < rows.length; at += 100_000) {
        a.write(rows, at, Math.min(100_000, rows.length - at));
        b.write(other, at, Math.min(100_000, other.length - at));
      }
      a.finish();
      b.finish();
      a.release();
      b.release();
      assertThat(gunzip(sinkA.toByteArray())).isEqualTo(rows);
      assertThat(gunzip(sinkB.toByteArray())).isEqualTo(other);
    }
  }

  /** Random bytes do not compress: each member is larger than its block, and still fits. */
  @Test
  void incompressibleBytesFitTheMemberBuffer() throws IOException {
    requireLibdeflate();
    byte[] noise = new byte[(9 << 20) + 123];
    new Random(3).nextBytes(noise);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompressedOutputStream gzip = GzipEngine.LIBDEFLATE.open(sink, 9);
    gzip.write(noise);
    gzip.finish();
    gzip.release();
    assertThat(sink.size()).isGreaterThan(noise.length);
    assertThat(gunzip(sink.toByteArray())).isEqualTo(noise);
  }

  @Test
  void aReleasedStreamRefusesMoreBytes() throws IOException {
    requireLibdeflate();
    CompressedOutputStream gzip = GzipEngine.LIBDEFLATE.open(new ByteArrayOutputStream(), 6);
    gzip.write(new byte[10]);
    gzip.release();
    gzip.release();
    assertThatThrownBy(gzip::finish)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("released");
  }

  @Test
  void theSettingNamesTheEngine() {
    assertThat(GzipEngine.choose("zlib")).isEqualTo(GzipEngine.ZLIB);
    assertThat(GzipEngine.choose(" ZLIB ")).isEqualTo(GzipEngine.ZLIB);
    assertThat(GzipEngine.choose("auto"))
        .isEqualTo(
            GzipEngine.libdeflateProblem() == null ? GzipEngine.LIBDEFLATE : GzipEngine.ZLIB);
    assertThat(GzipEngine.choose(null)).isEqualTo(GzipEngine.choose("auto"));
    assertThatThrownBy(() -> GzipEngine.choose("zstd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exporter.worker.gzip-engine")
        .hasMessageContaining("zstd");
  }
}
