package io.dataexporter.schedule;

import io.dataexporter.job.ExportRequest;
import io.dataexporter.webhook.WebhookTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * A standing order: export on a cron in a time zone, each run a time window or the rows that became
 * visible since the previous run.
 *
 * @param export what each run exports (its dates are set per run)
 * @param window window mode: the length of each run's window; null in incremental mode
 * @param lag how long after its fire time a run waits for late data (window mode shifts the window
 *     back by it); never null
 * @param webhook where each run's export announces how it ended, or null
 * @param startDate incremental mode: lower bound of the time column for every run, or null
 * @param chain an incremental schedule's chain of runs; a change of what it reads starts a new one
 * @param nextFireAt the next fire time not yet claimed; null while paused
 */
public record Schedule(
    UUID id,
    String owner,
    String name,
    String cron,
    ZoneId timezone,
    ScheduleMode mode,
    Duration window,
    Duration lag,
    Misfire misfire,
    ExportRequest export,
    WebhookTarget webhook,
    boolean enabled,
    Instant startDate,
    int chain,
    Instant nextFireAt,
    Instant createdAt,
    Instant updatedAt) {

  public Schedule {
    lag = lag == null ? Duration.ZERO : lag;
  }

  /** This schedule with another webhook. */
  public Schedule withWebhook(WebhookTarget other) {
    return new Schedule(
        id,
        owner,
        name,
        cron,
        timezone,
        mode,
        window,
        lag,
        misfire,
        export,
        other,
        enabled,
        startDate,
        chain,
        nextFireAt,
        createdAt,
        updatedAt);
  }

  /** This schedule enabled or paused, firing next at {@code next}, changed at {@code now}. */
  public Schedule withEnabled(boolean on, Instant next, Instant now) {
    return new Schedule(
        id, owner, name, cron, timezone, mode, window, lag, misfire, export, webhook, on, startDate,
        chain, next, createdAt, now);
  }

  /** This schedule with another next fire time. */
  public Schedule withNextFireAt(Instant next) {
    return new Schedule(
        id, owner, name, cron, timezone, mode, window, lag, misfire, export, webhook, enabled,
        startDate, chain, next, createdAt, updatedAt);
  }

  public CronSchedule cronSchedule() {
    return CronSchedule.parse(cron, timezone);
  }

  public boolean incremental() {
    return mode == ScheduleMode.INCREMENTAL;
  }

  /**
   * The window a run fired at {@code fireTime} exports (window mode): it ends {@code lag} before
   * the fire time; its whole days are counted on the zone's calendar from the local time the cron
   * matched, so that a daily schedule's windows meet across daylight-saving changes (a day of 23 or
   * 25 hours), and the rest of its length is exact.
   */
  public Window windowOf(Instant fireTime) {
    Instant end = fireTime.minus(lag);
    long days = window.toDays();
    if (days == 0) {
      return new Window(end.minus(window), end);
    }
    java.time.LocalDateTime local = cronSchedule().localTimeOf(fireTime).minusDays(days);
    Instant start =
        java.time.ZonedDateTime.ofLocal(local, timezone, null)
            .toInstant()
            .minus(window.minusDays(days))
            .minus(lag);
    return new Window(start, end);
  }

  /** A half-open time range {@code [start, end)}. */
  public record Window(Instant start, Instant end) {}
}
