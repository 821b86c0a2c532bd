package io.dataexporter.gateway.schedule;

import io.dataexporter.job.ExportRequest;
import io.dataexporter.schedule.CronSchedule;
import io.dataexporter.schedule.Misfire;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleMode;
import io.dataexporter.webhook.WebhookTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What a user sets on a schedule (the body of {@code POST} and {@code PUT}), checked.
 *
 * @param window null in incremental mode
 * @param webhook null when none
 * @param startDate null in window mode
 * @param keepSecret the webhook came without a {@code secret} field: a replacement with the same
 *     URL keeps the stored secret ({@code "secret": null} removes it)
 */
record ScheduleSettings(
    String name,
    CronSchedule cron,
    ScheduleMode mode,
    Duration window,
    Duration lag,
    Misfire misfire,
    ExportRequest export,
    WebhookTarget webhook,
    boolean enabled,
    Instant startDate,
    boolean keepSecret) {

  ZoneId timezone() {
    return cron.zone();
  }

  /** A new schedule of {@code owner}: it fires next after {@code now} when enabled. */
  Schedule create(UUID id, String owner, Instant now) {
    return schedule(id, owner, 0, now, now);
  }

  /**
   * {@code existing} replaced by these settings (id, owner and creation kept). An incremental
   * schedule that now reads something else (its data types, processes, start date or mode changed)
   * starts a new chain: its next run exports everything again.
   */
  Schedule replace(Schedule existing, Instant now) {
    boolean readsOtherRows =
        existing.mode() != mode
            || !Set.copyOf(existing.export().dataTypes()).equals(Set.copyOf(export.dataTypes()))
            || !Set.copyOf(existing.export().processes()).equals(Set.copyOf(export.processes()))
            || !Objects.equals(existing.startDate(), startDate);
    int chain =
        mode == ScheduleMode.INCREMENTAL && readsOtherRows
            ? existing.chain() + 1
            : existing.chain();
    Schedule replaced = schedule(existing.id(), existing.owner(), chain, existing.createdAt(), now);
    if (keepSecret
        && existing.webhook() != null
        && existing.webhook().secret() != null
        && existing.webhook().url().equals(webhook.url())) {
      replaced =
          replaced.withWebhook(new WebhookTarget(webhook.url(), existing.webhook().secret()));
    }
    if (existing.enabled()
        && enabled
        && existing.nextFireAt() != null
        && existing.cron().equals(replaced.cron())
        && existing.timezone().equals(replaced.timezone())) {
      // same cron in the same zone: a fire time that is due but not fired yet stays due (and
      // missed ones still follow the misfire policy)
      replaced = replaced.withNextFireAt(existing.nextFireAt());
    }
    return replaced;
  }

  private Schedule schedule(UUID id, String owner, int chain, Instant createdAt, Instant now) {
    return new Schedule(
        id,
        owner,
        name,
        cron.text(),
        cron.zone(),
        mode,
        window,
        lag,
        misfire,
        export,
        webhook,
        enabled,
        startDate,
        chain,
        enabled ? cron.next(now) : null,
        createdAt,
        now);
  }
}
