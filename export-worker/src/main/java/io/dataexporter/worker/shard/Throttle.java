package io.dataexporter.worker.shard;

/**
 * Caps how fast one shard reads its source, to spare a busy production database ({@code
 * exporter.worker.max-rows-per-second}; 0 = no cap). It sleeps when the shard runs ahead of the
 * allowed pace.
 */
public final class Throttle {
  private final long rowsPerSecond;
  private final long startNanos = System.nanoTime();
  private long rows;

  public Throttle(long rowsPerSecond) {
    this.rowsPerSecond = rowsPerSecond;
  }

  public void onRow() {
    if (rowsPerSecond <= 0 || ++rows % 50 != 0) {
      return;
    }
    long dueNanos = rows * 1_000_000_000L / rowsPerSecond;
    long aheadNanos = dueNanos - (System.nanoTime() - startNanos);
    if (aheadNanos > 1_000_000) {
      try {
        Thread.sleep(aheadNanos / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ShardCancelledException("interrupted");
      }
    }
  }
}
