package io.dataexporter.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One run of a schedule: the export made for one fire time (or for run now, or a backfill window).
 *
 * @param trigger {@code cron}, {@code manual} or {@code backfill}
 * @param status {@code waiting} until its export exists, then the export's status
 * @param exportId null while waiting
 * @param windowStart window mode: the window's inclusive start
 * @param windowEnd window mode: the window's exclusive end
 * @param after incremental mode: the snapshot this run starts after (its predecessor's), or null
 *     for a chain's first run
 * @param at incremental mode: this run's own snapshot, once its export completed
 * @param recordCounts per data type, once completed; empty before
 */
public record ScheduleRun(
    long id,
    UUID scheduleId,
    Instant fireTime,
    String trigger,
    int chain,
    String status,
    UUID exportId,
    Instant windowStart,
    Instant windowEnd,
    Cut after,
    Cut at,
    Map<String, Long> recordCounts,
    String errorMessage,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt) {

  public static final String WAITING = "waiting";
  public static final String CRON = "cron";
  public static final String MANUAL = "manual";
  public static final String BACKFILL = "backfill";

  public ScheduleRun {
    recordCounts = recordCounts == null ? Map.of() : Map.copyOf(recordCounts);
  }

  /**
   * A snapshot an incremental run is bounded by.
   *
   * @param takenAt when it was taken
   * @param snapshot {@code pg_current_snapshot()} text, {@code xmin:xmax:xip,...}
   */
  public record Cut(Instant takenAt, String snapshot) {}
}
