package io.dataexporter.worker.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.Compression;
import io.dataexporter.testsupport.parquet.ParquetReaders;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * Hostile values through {@link ParquetRecordWriter} to a file, read back by pyarrow and DuckDB and
 * compared value by value with what was written (skipped without python3, pyarrow and duckdb
 * outside CI). The test JVM has no Hadoop on its class path (see the worker's pom).
 */
class ParquetRecordWriterTest {
  static final SourceColumns COLUMNS =
      new SourceColumns(
          List.of("id", "t", "local_t", "msg", "score", "amount", "ok", "meta", "v", "ip"),
          new ColumnKind[] {
            ColumnKind.INTEGER,
            ColumnKind.TIMESTAMP,
            ColumnKind.LOCAL_TIMESTAMP,
            ColumnKind.STRING,
            ColumnKind.DOUBLE,
            ColumnKind.DECIMAL,
            ColumnKind.BOOLEAN,
            ColumnKind.JSON,
            ColumnKind.JSON_VALUE,
            ColumnKind.STRING
          });

  static final List<Object[]> HOSTILE =
      List.of(
          new Object[10],
          new Object[] {
            Long.MAX_VALUE,
            "2024-03-01T00:00:00.000001Z",
            "1999-12-31T23:59:59.999999Z",
            "quote \" comma , newline \n tab \t backslash \\ ünï 🚀 \u2028 中文",
            Double.NaN,
            new BigDecimal("12345678901234567890.123456789"),
            true,
            "{\"a\": [1, {\"b\": null, \"c\": \"é\\\"\\\\\"}], \"d\": {}, \"e\": 1e400}",
            "\"s\"",
            "192.168.0.1"
          },
          new Object[] {
            Long.MIN_VALUE,
            "+200000-01-01T00:00:00.999999Z",
            "-4712-11-24T00:00:00Z",
            "",
            Double.POSITIVE_INFINITY,
            new BigDecimal("-0.000000000000000000001"),
            false,
            "[]",
            "null",
            "2001:db8::ff00:42:8329/128"
          },
          new Object[] {
            -1L,
            "+1000000000-12-31T23:59:59.999999999Z",
            "0001-01-01T00:00:00Z",
            "=cmd|' /C calc'!A0",
            Double.NEGATIVE_INFINITY,
            1.5,
            null,
            "{\"deep\": {\"deeper\": {\"deepest\": [[[\"x\"]]]}}}",
            "12.5",
            "::1"
          },
          new Object[] {
            0L,
            "1970-01-01T00:00:00Z",
            "2038-01-19T03:14:08Z",
            "\\N",
            -0.0,
            null,
            true,
            "{\"k\": \"\\u0000 \\ud83d\\ude80\"}",
            null,
            null
          },
          new Object[] {
            null, null, null, "   ", Double.MIN_VALUE, null, null, null, "[1,2]", "10.0.0.0/8"
          },
          new Object[] {
            42L,
            "2024-02-29T23:59:59.999999Z",
            null,
            "x".repeat(100_000),
            1e308,
            null,
            false,
            null,
            null,
            null
          });

  @TempDir Path dir;

  @Test
  void pyarrow_and_duckdb_read_every_hostile_value_as_written() throws IOException {
    ParquetReaders.requireTools();
    Path file =
        write(dir.resolve("hostile.parquet"), options(Compression.Codec.SNAPPY, 0), HOSTILE);

    ParquetReaders.Read arrow = ParquetReaders.pyarrow(List.of(file));
    assertSameValues(arrow, HOSTILE);
    assertThat(arrow.columns())
        .extracting(c -> c.get("type"))
        .containsExactly(
            "int64",
            "timestamp[us, tz=UTC]",
            "timestamp[us]",
            "string",
            "double",
            "double",
            "bool",
            arrow.columns().get(7).get("type"),
            arrow.columns().get(8).get("type"),
            "string");
    assertThat(arrow.logicalTypes().get("t").asString())
        .contains("isAdjustedToUTC=true")
        .contains("microseconds");
    assertThat(arrow.logicalTypes().get("local_t").asString()).contains("isAdjustedToUTC=false");
    assertThat(arrow.logicalTypes().get("meta").asString()).isEqualTo("JSON");
    assertThat(arrow.logicalTypes().get("v").asString()).isEqualTo("JSON");
    assertThat(arrow.logicalTypes().get("msg").asString()).isEqualTo("String");
    assertThat(arrow.physicalTypes().get("amount").asString()).isEqualTo("DOUBLE");
    assertThat(arrow.codecs().toString()).isEqualTo("[\"SNAPPY\"]");
    assertThat(arrow.keyValue().has(ParquetOptions.METADATA_KEY)).isFalse();

    assertSameValues(ParquetReaders.duckdb(List.of(file)), HOSTILE);
  }

  @Test
  void every_page_codec_reads_back_and_metadata_is_in_the_footer() throws IOException {
    ParquetReaders.requireTools();
    for (Compression.Codec codec : Compression.Codec.values()) {
      int level = codec == Compression.Codec.ZSTD ? 19 : codec == Compression.Codec.GZIP ? 9 : 0;
      ParquetOptions options =
          new ParquetOptions(codec, level, ParquetSettings.DEFAULTS, "{\"export_id\": \"x\"}");
      Path file = write(dir.resolve(codec.wire() + ".parquet"), options, HOSTILE);
      ParquetReaders.Read arrow = ParquetReaders.pyarrow(List.of(file));
      assertSameValues(arrow, HOSTILE);
      String expected = codec == Compression.Codec.NONE ? "UNCOMPRESSED" : codec.name();
      assertThat(arrow.codecs().toString()).isEqualTo("[\"" + expected + "\"]");
      assertThat(arrow.keyValue().get(ParquetOptions.METADATA_KEY).asString())
          .isEqualTo("{\"export_id\": \"x\"}");
      assertSameValues(ParquetReaders.duckdb(List.of(file)), HOSTILE);
    }
  }

  @Test
  void a_file_without_rows_is_valid_and_has_the_schema() throws IOException {
    ParquetReaders.requireTools();
    Path file = write(dir.resolve("empty.parquet"), ParquetOptions.DEFAULTS, List.of());
    ParquetReaders.Read arrow = ParquetReaders.pyarrow(List.of(file));
    assertThat(arrow.rows()).isEmpty();
    assertThat(arrow.columns()).extracting(c -> c.get("name")).isEqualTo(COLUMNS.names());
    assertThat(ParquetReaders.duckdb(List.of(file)).rows()).isEmpty();
  }

  @Test
  void size_bound_is_never_below_the_finished_file_and_grows_as_announced() throws IOException {
    ParquetSettings small = new ParquetSettings(DataSize.ofKilobytes(64), DataSize.ofKilobytes(8));
    for (Compression.Codec codec : Compression.Codec.values()) {
      List<Object[]> rows = generated(6_000, new Random(17));
      int[] checkpoints = {0, 1, 7, 300, 2_500, 6_000};
      for (int k : checkpoints) {
        CountingStream out = new CountingStream();
        ParquetRecordWriter writer =
            new ParquetRecordWriter(out, COLUMNS, new ParquetOptions(codec, 3, small, "{}"));
        for (Object[] row : rows.subList(0, k)) {
          long announced = writer.sizeBoundWith(row);
          writer.write(row);
          assertThat(writer.sizeBound()).as("bound after a row").isLessThanOrEqualTo(announced);
        }
        long bound = writer.sizeBound();
        writer.finish();
        assertThat(out.count).as("%s after %d rows", codec, k).isLessThanOrEqualTo(bound);
        if (k == rows.size()) {
          // several row groups went out: the bound stays near the real size
          assertThat(bound).as("%s bound of %d bytes", codec, out.count).isLessThan(out.count * 2);
        }
      }
    }
  }

  private static List<Object[]> generated(int n, Random random) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] noise = new byte[random.nextInt(200)];
      random.nextBytes(noise);
      rows.add(
          new Object[] {
            (long) i,
            java.time.Instant.ofEpochSecond(1_700_000_000L + i, random.nextInt(1_000_000) * 1000L)
                .toString(),
            null,
            java.util.HexFormat.of().formatHex(noise),
            random.nextDouble(),
            BigDecimal.valueOf(random.nextInt(1000), 2),
            random.nextBoolean(),
            "{\"n\": " + random.nextInt(10) + "}",
            "\"" + (char) ('a' + random.nextInt(26)) + "\"",
            "10.0." + random.nextInt(256) + "." + random.nextInt(256)
          });
    }
    return rows;
  }

  static Path write(Path file, ParquetOptions options, List<Object[]> rows) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      RecordWriter writer =
          FileLayout.recordWriter(
              io.dataexporter.job.OutputFormat.PARQUET, out, COLUMNS, false, options);
      for (Object[] row : rows) {
        writer.write(row);
      }
      writer.finish();
    }
    return file;
  }

  private static ParquetOptions options(Compression.Codec codec, int level) {
    return new ParquetOptions(codec, level, ParquetSettings.DEFAULTS, null);
  }

  /** Each value read equals the one written, in the form Parquet keeps it. */
  static void assertSameValues(ParquetReaders.Read read, List<Object[]> rows) {
    assertThat(read.rows()).hasSize(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < COLUMNS.size(); c++) {
        assertSameValue(read.rows().get(r).get(c), COLUMNS.kind(c), rows.get(r)[c], r, c);
      }
    }
  }

  static void assertSameValue(JsonNode actual, ColumnKind kind, Object expected, int r, int c) {
    String where = "row " + r + " column " + COLUMNS.names().get(c);
    if (expected == null) {
      assertThat(actual.isNull()).as(where + ": " + actual).isTrue();
      return;
    }
    switch (kind) {
      case INTEGER -> assertThat(actual.asLong()).as(where).isEqualTo(expected);
      case TIMESTAMP, LOCAL_TIMESTAMP ->
          assertThat(actual.asLong())
              .as(where)
              .isEqualTo(ParquetRecordWriter.micros((String) expected));
      case DOUBLE, DECIMAL ->
          // boxed: NaN equals NaN, and -0.0 stays apart from 0.0
          assertThat(Double.valueOf(actual.asString()))
              .as(where)
              .isEqualTo(Double.valueOf(((Number) expected).doubleValue()));
      case BOOLEAN -> assertThat(actual.asBoolean()).as(where).isEqualTo(expected);
      case STRING, JSON, JSON_VALUE -> assertThat(actual.asString()).as(where).isEqualTo(expected);
    }
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
