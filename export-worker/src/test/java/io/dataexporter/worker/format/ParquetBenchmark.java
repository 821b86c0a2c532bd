package io.dataexporter.worker.format;

import io.dataexporter.job.Compression;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput and memory of {@link ParquetRecordWriter} alone: log-like rows (the shape of {@code
 * public.logs}) generated in memory, written to a stream that counts and drops the bytes, per page
 * codec. Prints rows per second, the file size, the bytes per row and the peak heap. Not part of
 * the build; run it with a small heap to see that memory stays bounded by the row group
 * (docs/performance.md#parquet):
 *
 * <pre>
 * ./mvnw -pl export-worker -am test-compile -Dskip.npm=true
 * ./mvnw -q -pl export-worker dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx256m -cp export-worker/target/test-classes:export-worker/target/classes:$(cat /tmp/cp.txt) \
 *   io.dataexporter.worker.format.ParquetBenchmark 1000000 snappy,zstd,gzip,none
 * </pre>
 */
public final class ParquetBenchmark {
  private static final SourceColumns LOGS =
      new SourceColumns(
          List.of(
              "id",
              "timestamp",
              "process",
              "level",
              "source_ip",
              "message",
              "duration_ms",
              "success",
              "attributes"),
          new ColumnKind[] {
            ColumnKind.INTEGER,
            ColumnKind.TIMESTAMP,
            ColumnKind.STRING,
            ColumnKind.STRING,
            ColumnKind.STRING,
            ColumnKind.STRING,
            ColumnKind.DOUBLE,
            ColumnKind.BOOLEAN,
            ColumnKind.JSON
          });
  private static final String[] PROCESSES = {"api", "worker", "scheduler", "auth", "billing"};
  private static final String[] LEVELS = {"debug", "info", "info", "info", "warn", "error"};
  private static final String[] WORDS = {
    "request",
    "served",
    "user",
    "timeout",
    "retry",
    "cache",
    "miss",
    "hit",
    "order",
    "payment",
    "declined",
    "session",
    "expired",
    "queue",
    "depth"
  };

  private ParquetBenchmark() {}

  public static void main(String[] args) throws IOException {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    String[] codecs = (args.length > 1 ? args[1] : "snappy,zstd,gzip,none").split(",");
    System.out.printf(
        Locale.ROOT,
        "rows=%d heap max=%d MiB row group=%s page=%s%n",
        rows,
        Runtime.getRuntime().maxMemory() >> 20,
        ParquetSettings.DEFAULTS.rowGroupSize(),
        ParquetSettings.DEFAULTS.pageSize());
    for (String name : codecs) {
      Compression.Codec codec = Compression.Codec.valueOf(name.toUpperCase(Locale.ROOT));
      int level = codec == Compression.Codec.ZSTD ? 3 : codec == Compression.Codec.GZIP ? 6 : 0;
      run(rows, new ParquetOptions(codec, level, ParquetSettings.DEFAULTS, null), name);
    }
  }

  private static void run(long rows, ParquetOptions options, String name) throws IOException {
    System.gc();
    resetPeaks();
    Counting out = new Counting();
    Random random = new Random(42);
    Object[] row = new Object[LOGS.size()];
    long start = System.nanoTime();
    ParquetRecordWriter writer = new ParquetRecordWriter(out, LOGS, options);
    long boundChecks = 0;
    for (long i = 0; i < rows; i++) {
      fill(row, i, random);
      writer.write(row);
      if ((i & 1023) == 0) {
        boundChecks += writer.sizeBound() > 0 ? 1 : 0;
      }
    }
    long bound = writer.sizeBound();
    writer.finish();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%-7s %8.0f rows/s  %7.1f MB  %5.1f B/row  bound at end %+.2f %%  peak heap %d MiB (%d"
            + " checks)%n",
        name,
        rows / seconds,
        out.count / 1e6,
        (double) out.count / rows,
        100.0 * (bound - out.count) / out.count,
        peakHeap() >> 20,
        boundChecks);
  }

  private static void fill(Object[] row, long i, Random random) {
    row[0] = i;
    row[1] = Instant.ofEpochSecond(1_700_000_000L + i / 20, (i % 20) * 50_000_000L).toString();
    row[2] = PROCESSES[random.nextInt(PROCESSES.length)];
    row[3] = LEVELS[random.nextInt(LEVELS.length)];
    row[4] = "10." + random.nextInt(4) + "." + random.nextInt(256) + "." + random.nextInt(256);
    StringBuilder message = new StringBuilder();
    for (int w = 3 + random.nextInt(10); w > 0; w--) {
      message.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    message.append(random.nextInt(100_000));
    row[5] = message.toString();
    row[6] = random.nextInt(10) == 0 ? null : random.nextDouble() * 2000;
    row[7] = random.nextInt(20) != 0;
    row[8] =
        "{\"http_status\": "
            + (200 + random.nextInt(4) * 100)
            + ", \"path\": \"/v1/"
            + WORDS[random.nextInt(WORDS.length)]
            + "\"}";
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static final class Counting extends OutputStream {
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
