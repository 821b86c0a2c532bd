package io.dataexporter.worker.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdInputStream;
import io.dataexporter.job.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZstdFrameOutputStreamTest {

  /** Rows of the demo log shape, about 2 MiB. */
  private static byte[] rows;

  @BeforeAll
  static void makeRows() {
    Random random = new Random(7);
    String[] processes = {"nginx", "sshd", "postgres", "cron", "kernel"};
    StringBuilder csv = new StringBuilder();
    for (int i = 0; csv.length() < 2_000_000; i++) {
      csv.append('"')
          .append(i)
          .append("\",\"2024-03-0")
          .append(1 + random.nextInt(9))
          .append("T10:00:00Z\",\"")
          .append(processes[random.nextInt(processes.length)])
          .append("\",\"request ")
          .append(Long.toHexString(random.nextLong()))
          .append("\"\r\n");
    }
    rows = csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final Codecs CODECS = new Codecs(GzipEngine.ZLIB, 6, 3);

  private static Compression zstd(Integer level) {
    return new Compression(Compression.Codec.ZSTD, level, true);
  }

  /** Writes {@code data} in single bytes, small writes and writes larger than the input buffer. */
  private static byte[] compress(Integer level, byte[] data) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompressedOutputStream zstd = CODECS.open(zstd(level), sink);
    try {
      int at = 0;
      for (int i = 0; i < Math.min(1000, data.length); i++) {
        zstd.write(data[at++]);
      }
      for (int step = 1; at < data.length; step = step * 7 % 300_001 + 13) {
        int n = Math.min(step, data.length - at);
        zstd.write(data, at, n);
        at += n;
      }
      zstd.finish();
    } finally {
      zstd.release();
    }
    return sink.toByteArray();
  }

  private static byte[] decompress(byte[] zstd) throws IOException {
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(zstd))) {
      return in.readAllBytes();
    }
  }

  /** The {@code zstd} command's output for a file, or a skipped test where it is missing. */
  static byte[] zstdCommand(Path file) throws IOException, InterruptedException {
    boolean installed;
    try {
      installed = new ProcessBuilder("zstd", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      installed = false;
    }
    if (System.getenv("CI") == null) {
      assumeTrue(installed, "the zstd command is not installed (Debian package zstd)");
    }
    Process zstd =
        new ProcessBuilder("zstd", "-dc", file.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = zstd.getInputStream().readAllBytes();
    assertThat(zstd.waitFor()).isZero();
    return out;
  }

  @Test
  void a_part_round_trips_and_decodes_with_the_zstd_command(@TempDir Path dir) throws Exception {
    byte[] zstd = compress(null, rows);
    assertThat(decompress(zstd)).isEqualTo(rows);
    assertThat(zstd.length).isLessThan(rows.length / 3);
    assertThat(zstdCommand(Files.write(dir.resolve("rows.csv.zst"), zstd))).isEqualTo(rows);
  }

  @Test
  void the_requests_level_wins_over_the_default_and_is_honoured() throws IOException {
    assertThat(CODECS.level(zstd(null))).isEqualTo(3);
    assertThat(CODECS.level(zstd(19))).isEqualTo(19);
    assertThat(CODECS.level(new Compression(Compression.Codec.GZIP, 2, true))).isEqualTo(2);
    assertThat(CODECS.level(Compression.GZIP)).isEqualTo(6);
    int fastest = compress(1, rows).length;
    int smallest = compress(19, rows).length;
    assertThat(smallest).isLessThan(fastest * 90 / 100);
  }

  @Test
  void an_empty_stream_is_one_valid_empty_frame(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompressedOutputStream empty = CODECS.open(zstd(null), sink);
    empty.finish();
    empty.release();
    assertThat(sink.size()).isPositive();
    assertThat(decompress(sink.toByteArray())).isEmpty();
    assertThat(zstdCommand(Files.write(dir.resolve("empty.zst"), sink.toByteArray()))).isEmpty();
  }

  /** As an assembled file: header frame, parts (one of them empty), separators, footer. */
  @Test
  void framed_pieces_and_parts_concatenate_into_one_decodable_stream(@TempDir Path dir)
      throws Exception {
    byte[] first = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(Codecs.frame(Compression.Codec.ZSTD, "[\n".getBytes(StandardCharsets.UTF_8)));
    file.write(compress(19, first));
    file.write(Codecs.frame(Compression.Codec.ZSTD, ",\n".getBytes(StandardCharsets.UTF_8)));
    file.write(compress(1, rows));
    file.write(Codecs.frame(Compression.Codec.ZSTD, new byte[0]));
    file.write(compress(null, new byte[0]));
    file.write(Codecs.frame(Compression.Codec.ZSTD, "\n]\n".getBytes(StandardCharsets.UTF_8)));

    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.write("[\n".getBytes(StandardCharsets.UTF_8));
    expected.write(first);
    expected.write(",\n".getBytes(StandardCharsets.UTF_8));
    expected.write(rows);
    expected.write("\n]\n".getBytes(StandardCharsets.UTF_8));
    assertThat(decompress(file.toByteArray())).isEqualTo(expected.toByteArray());
    assertThat(zstdCommand(Files.write(dir.resolve("file.json.zst"), file.toByteArray())))
        .isEqualTo(expected.toByteArray());
  }

  @Test
  void a_released_stream_writes_nothing_more_and_refuses_writes() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    CompressedOutputStream zstd = CODECS.open(zstd(19), sink);
    zstd.write(rows, 0, 100_000);
    int before = sink.size();
    zstd.release();
    zstd.release();
    assertThat(sink.size()).isEqualTo(before);
    assertThatThrownBy(() -> zstd.write(1)).isInstanceOf(IOException.class);
    assertThatThrownBy(zstd::finish).isInstanceOf(IOException.class);
  }

  /** The sink is the upload: the stream neither flushes nor closes it. */
  @Test
  void finishing_leaves_the_sink_open() throws IOException {
    boolean[] closed = new boolean[1];
    OutputStream sink =
        new ByteArrayOutputStream() {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    CompressedOutputStream zstd = CODECS.open(zstd(null), sink);
    zstd.write(rows);
    zstd.finish();
    zstd.release();
    assertThat(closed[0]).isFalse();
  }

  /** Many streams opened and released (shards, retries) leave no native memory behind. */
  @Test
  void streams_opened_and_abandoned_in_a_loop_do_not_leak() throws IOException {
    long before = residentKib();
    for (int i = 0; i < 20; i++) {
      CompressedOutputStream zstd = CODECS.open(zstd(19), OutputStream.nullOutputStream());
      zstd.write(rows, 0, 300_000);
      if (i % 2 == 0) {
        zstd.finish();
      }
      zstd.release();
    }
    // level 19 holds about 83 MiB natively: ten leaked contexts would be 830 MiB
    assertThat(residentKib() - before).isLessThan(400 * 1024);
  }

  @Test
  void gzip_and_none_frames_are_what_the_layout_asks() throws IOException {
    byte[] header = "a,b\r\n".getBytes(StandardCharsets.UTF_8);
    assertThat(Codecs.frame(Compression.Codec.NONE, header)).isEqualTo(header);
    try (InputStream in =
        new java.util.zip.GZIPInputStream(
            new ByteArrayInputStream(Codecs.frame(Compression.Codec.GZIP, header)))) {
      assertThat(in.readAllBytes()).isEqualTo(header);
    }
    assertThat(decompress(Codecs.frame(Compression.Codec.ZSTD, header))).isEqualTo(header);
    assertThatThrownBy(() -> CODECS.open(Compression.NONE, OutputStream.nullOutputStream()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long residentKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }
}
