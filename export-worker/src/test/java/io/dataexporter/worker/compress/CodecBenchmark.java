package io.dataexporter.worker.compress;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.Compression;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.worker.format.CopyRowWriter;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.profile.FieldProfiler;
import io.dataexporter.worker.snapshot.HeldSnapshot;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Codecs and formula escaping on the worker's own read paths, without the queue and the store: the
 * whole {@code public.logs} of a seeded database, in one thread, through the COPY path ({@link
 * CopyRowWriter}) or the general path (cursor rows through the format's writer), into a compressor
 * whose output is counted and dropped. Not part of the build; run it by name against a database
 * seeded with the demo generator (docs/performance.md#zstd-beside-gzip):
 *
 * <pre>
 * createdb -h 127.0.0.1 -U postgres exporter_codec_bench
 * psql -h 127.0.0.1 -U postgres -d exporter_codec_bench -f infra/db/source-schema.sql
 * psql -h 127.0.0.1 -U postgres -d exporter_codec_bench -v logs=1000000 -v anomalies=0 -v ips=0 \
 *   -f infra/db/seed-demo.sql
 * ./mvnw -pl export-worker -am verify -Dit.test=CodecBenchmark -Dtest=none \
 *   -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * {@code CODEC_BENCH_URL} overrides the JDBC URL; {@code CODEC_BENCH_RUNS} picks runs by name
 * (comma-separated prefixes, e.g. {@code csv-copy,jsonl}).
 */
public class CodecBenchmark {
  private static final String URL =
      System.getenv()
          .getOrDefault(
              "CODEC_BENCH_URL",
              "jdbc:postgresql://127.0.0.1:5432/exporter_codec_bench?user=postgres");
  private static final Dataset LOGS =
      new Dataset(
          "logs",
          "public.logs",
          "id",
          "timestamp",
          "process",
          List.of(
              "id",
              "timestamp",
              "host",
              "process",
              "pid",
              "level",
              "message",
              "source_ip",
              "metadata"));

  private final Jdbi jdbi = Jdbi.create(URL);
  private final Codecs codecs = new Codecs(GzipEngine.choose("auto"), 6, 3);

  private static final Compression[] CODECS = {
    Compression.NONE,
    new Compression(Compression.Codec.GZIP, 6, true),
    new Compression(Compression.Codec.ZSTD, 1, true),
    new Compression(Compression.Codec.ZSTD, 3, true),
    new Compression(Compression.Codec.ZSTD, 19, true),
  };

  /** Also runnable as a program, outside the build (test classpath). */
  public static void main(String[] args) throws Exception {
    new CodecBenchmark().codecs_and_escaping_on_both_read_paths();
  }

  @Test
  void codecs_and_escaping_on_both_read_paths() throws Exception {
    System.out.printf(
        "%,d rows of public.logs, gzip engine %s%n",
        jdbi.withHandle(
            h -> h.createQuery("SELECT count(*) FROM public.logs").mapTo(Long.class).one()),
        codecs.gzip());
    System.out.printf("%-28s %12s %10s %14s %8s%n", "run", "rows/s", "seconds", "bytes", "ratio");
    // untimed warm-up: the JIT compiles the paths first, as in a long-running worker
    run("warm-up copy", Compression.NONE, Path.COPY, OutputFormat.CSV, false, 0.2, false);
    run("warm-up general", Compression.NONE, Path.GENERAL, OutputFormat.JSONL, false, 0.2, false);
    for (Object[] shape :
        new Object[][] {
          {"csv-copy", Path.COPY, OutputFormat.CSV},
          {"csv-general", Path.GENERAL, OutputFormat.CSV},
          {"jsonl", Path.GENERAL, OutputFormat.JSONL}
        }) {
      long plain = 0;
      for (Compression c : CODECS) {
        String name = shape[0] + " " + label(c);
        long bytes = run(name, c, (Path) shape[1], (OutputFormat) shape[2], false, 1.0, true);
        plain = c.compressed() ? plain : bytes;
        if (c.compressed() && plain > 0 && bytes > 0) {
          System.out.printf("%-28s %46.2fx%n", "", (double) plain / bytes);
        }
      }
    }
    run("csv-copy escaped", Compression.NONE, Path.COPY, OutputFormat.CSV, true, 1.0, true);
    // the data card's column profiles (min/max, few-valued text) read from the COPY bytes
    run(
        "csv-copy profiled",
        Compression.NONE,
        Path.COPY_PROFILED,
        OutputFormat.CSV,
        false,
        1.0,
        true);
    run("csv-general escaped", Compression.NONE, Path.GENERAL, OutputFormat.CSV, true, 1.0, true);
  }

  private enum Path {
    COPY,
    COPY_PROFILED,
    GENERAL
  }

  private static String label(Compression c) {
    return c.compressed() ? c.codec().wire() + " " + c.level() : "none";
  }

  /**
   * @param share of the table's time range read (from its start)
   * @return bytes written, or -1 when the run was not selected
   */
  private long run(
      String name,
      Compression compression,
      Path path,
      OutputFormat format,
      boolean escape,
      double share,
      boolean print)
      throws Exception {
    String only = System.getenv("CODEC_BENCH_RUNS");
    if (print
        && only != null
        && List.of(only.split(",")).stream().noneMatch(p -> name.startsWith(p.trim()))) {
      return -1;
    }
    Instant[] range =
        jdbi.withHandle(
            h ->
                h.createQuery("SELECT min(\"timestamp\"), max(\"timestamp\") FROM public.logs")
                    .map(
                        (rs, ctx) ->
                            new Instant[] {
                              rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()
                            })
                    .one());
    Instant to =
        share >= 1
            ? null
            : range[0].plusMillis(
                (long) ((range[1].toEpochMilli() - range[0].toEpochMilli()) * share));
    RowFilter filter = new RowFilter(LOGS, null, to, List.of(), true);
    Counting sink = new Counting();
    OutputStream buffered = new BufferedOutputStream(sink, 64 * 1024);
    CompressedOutputStream compressor =
        compression.compressed() ? codecs.open(compression, buffered) : null;
    OutputStream out = compressor != null ? compressor : buffered;
    long[] rows = {0};
    long start = System.nanoTime();
    try (Connection c = DriverManager.getConnection(URL);
        HeldSnapshot moment = HeldSnapshot.take(c, UUID.randomUUID(), 0)) {
      if (path == Path.COPY || path == Path.COPY_PROFILED) {
        SourceCopy copy = new SourceCopy(jdbi);
        SourceColumns columns = copy.columns(LOGS).orElseThrow();
        boolean[] timestamps = new boolean[columns.size()];
        boolean[] escaped = new boolean[columns.size()];
        for (int i = 0; i < timestamps.length; i++) {
          timestamps[i] = columns.kind(i) == ColumnKind.TIMESTAMP;
          escaped[i] = escape && columns.kind(i) == ColumnKind.STRING;
        }
        FieldProfiler[] profilers = null;
        if (path == Path.COPY_PROFILED) {
          profilers = new FieldProfiler[columns.size()];
          for (int i = 0; i < profilers.length; i++) {
            profilers[i] = FieldProfiler.of(columns.kind(i));
          }
        }
        CopyRowWriter writer = new CopyRowWriter(timestamps, escaped, profilers);
        copy.copy(
            filter,
            columns,
            null,
            5000,
            List.of(moment.name()),
            row -> {
              writer.write(row, out);
              rows[0]++;
            },
            null);
      } else {
        RecordWriter[] writer = new RecordWriter[1];
        new SourceRows(jdbi)
            .stream(
                filter,
                null,
                5000,
                List.of(moment.name()),
                new SourceRows.RowSink() {
                  @Override
                  public void begin(SourceColumns columns) throws IOException {
                    writer[0] = FileLayout.recordWriter(format, out, columns, escape);
                  }

                  @Override
                  public void accept(Object[] row) throws IOException {
                    writer[0].write(row);
                    rows[0]++;
                  }
                });
        writer[0].finish();
      }
      if (compressor != null) {
        compressor.finish();
      }
      buffered.flush();
    } finally {
      if (compressor != null) {
        compressor.release();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (print) {
      System.out.printf(
          Locale.ROOT,
          "%-28s %,12.0f %10.2f %,14d%n",
          name,
          rows[0] / seconds,
          seconds,
          sink.bytes);
    }
    return sink.bytes;
  }

  /** Counts and drops the bytes. */
  private static final class Counting extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
