package io.dataexporter.schedule;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.messaging.RequestPlanning;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Turns a waiting run into an export, when it may start: an incremental schedule's runs one at a
 * time (each starts after the snapshot of the last completed run of its chain), a schedule's
 * backfill runs a bounded number at a time. The export, its schedule columns and the run's move to
 * {@code pending} are one transaction, under the run's and the schedule's row locks, so a run gets
 * one export whoever starts it; planning is requested after the commit (the job row is its own
 * outbox if the broker is away).
 */
public final class StartScheduleRun {
  private static final String RUN_SCHEDULE =
      "SELECT schedule_id FROM exporter.schedule_runs WHERE id = :id AND status = 'waiting'";
  private static final String LOCK_RUN =
      """
      SELECT schedule_id, fire_time, trigger, chain, window_start, window_end
        FROM exporter.schedule_runs WHERE id = :id AND status = 'waiting' FOR UPDATE SKIP LOCKED
      """;
  private static final String PREDECESSOR =
      """
      SELECT id, pg_snapshot_xmin(CAST(snapshot_xids AS pg_snapshot))::text::bigint AS xmin,
             visible_xids
        FROM exporter.schedule_runs
       WHERE schedule_id = :scheduleId AND chain = :chain AND status = 'completed'
         AND snapshot_xids IS NOT NULL AND visible_xids IS NOT NULL
       ORDER BY id DESC LIMIT 1
      """;
  private static final String MARK_EXPORT =
      """
      UPDATE exporter.export_jobs
         SET schedule_id = :scheduleId, schedule_run_id = :runId, incremental = :incremental,
             after_xmin = :afterXmin, after_xids = :afterXids
       WHERE id = :exportId
      """;
  private static final String START_RUN =
      """
      UPDATE exporter.schedule_runs
         SET export_id = :exportId, status = 'pending', started_at = :now, after_run = :afterRun
       WHERE id = :id
      """;

  private final Jdbi jdbi;
  private final ScheduleRepository schedules;
  private final ExportJobRepository jobs;
  private final RequestPlanning planning;
  private final AuditLog audit;
  private final ScheduleProperties properties;
  private final MeterRegistry registry;
  private final Clock clock;

  public StartScheduleRun(
      Jdbi jdbi,
      ScheduleRepository schedules,
      ExportJobRepository jobs,
      RequestPlanning planning,
      AuditLog audit,
      ScheduleProperties properties,
      MeterRegistry registry,
      Clock clock) {
    this.jdbi = jdbi;
    this.schedules = schedules;
    this.jobs = jobs;
    this.planning = planning;
    this.audit = audit;
    this.properties = properties;
    this.registry = registry;
    this.clock = clock;
  }

  /** The started run's export id; empty when the run must wait (or is not waiting any more). */
  public Optional<UUID> start(long runId) {
    Optional<Started> started = jdbi.inTransaction(h -> start(h, runId));
    started.ifPresent(this::announce);
    return started.map(Started::exportId);
  }

  /**
   * Adds a run with {@code add} and starts it in the same transaction (run now): no worker can take
   * it in between. Empty when it has to wait.
   */
  public Optional<UUID> addAndStart(org.jdbi.v3.core.HandleCallback<Long, RuntimeException> add) {
    Optional<Started> started =
        jdbi.inTransaction(
            h -> {
              long runId = add.withHandle(h);
              return start(h, runId);
            });
    started.ifPresent(this::announce);
    return started.map(Started::exportId);
  }

  private record Started(
      UUID exportId, UUID scheduleId, String owner, String trigger, Instant fireTime) {}

  private Optional<Started> start(Handle h, long runId) {
    // the schedule's row first, then the run's: the order a schedule's deletion takes them in
    UUID owningSchedule =
        h.createQuery(RUN_SCHEDULE).bind("id", runId).mapTo(UUID.class).findOne().orElse(null);
    if (owningSchedule == null) {
      return Optional.empty();
    }
    Schedule schedule = schedules.lock(h, owningSchedule).orElse(null);
    if (schedule == null) {
      return Optional.empty();
    }
    var run = h.createQuery(LOCK_RUN).bind("id", runId).mapToMap().findOne();
    if (run.isEmpty()) {
      return Optional.empty();
    }
    UUID scheduleId = (UUID) run.get().get("schedule_id");
    String trigger = (String) run.get().get("trigger");
    if (schedule.incremental() && ScheduleRunRepository.unfinished(h, scheduleId, null) > 0) {
      return Optional.empty();
    }
    if (ScheduleRun.BACKFILL.equals(trigger)
        && ScheduleRunRepository.unfinished(h, scheduleId, ScheduleRun.BACKFILL)
            >= properties.backfillConcurrency()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant fireTime = instant(run.get().get("fire_time"));
    ExportRequest request =
        schedule.incremental()
            ? schedule.export().withRange(schedule.startDate(), null)
            : schedule
                .export()
                .withRange(
                    instant(run.get().get("window_start")), instant(run.get().get("window_end")));
    Long afterRun = null;
    Long afterXmin = null;
    Long[] afterXids = null;
    if (schedule.incremental()) {
      var predecessor =
          h.createQuery(PREDECESSOR)
              .bind("scheduleId", scheduleId)
              .bind("chain", ((Number) run.get().get("chain")).intValue())
              .mapToMap()
              .findOne();
      if (predecessor.isPresent()) {
        afterRun = ((Number) predecessor.get().get("id")).longValue();
        afterXmin = ((Number) predecessor.get().get("xmin")).longValue();
        afterXids = longs(predecessor.get().get("visible_xids"));
      }
    }
    UUID exportId = UUID.randomUUID();
    jobs.insert(
        h,
        ExportJob.pending(exportId, request, now, schedule.owner())
            .withWebhook(schedule.webhook()));
    h.createUpdate(MARK_EXPORT)
        .bind("exportId", exportId)
        .bind("scheduleId", scheduleId)
        .bind("runId", runId)
        .bind("incremental", schedule.incremental())
        .bind("afterXmin", afterXmin)
        .bindByType("afterXids", afterXids, Long[].class)
        .execute();
    h.createUpdate(START_RUN)
        .bind("id", runId)
        .bind("exportId", exportId)
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .bind("afterRun", afterRun)
        .execute();
    return Optional.of(new Started(exportId, scheduleId, schedule.owner(), trigger, fireTime));
  }

  private void announce(Started started) {
    Instant now = clock.instant();
    audit.record(
        "schedule:" + started.scheduleId(),
        "schedule_run_started",
        started.exportId().toString(),
        started.trigger() + " run for " + started.fireTime() + ", owner " + started.owner(),
        null,
        now);
    Counter.builder("exporter.schedule.runs.started")
        .description("Schedule runs that made their export, by what started them")
        .tag("trigger", started.trigger())
        .register(registry)
        .increment();
    Timer.builder("exporter.schedule.run.delay")
        .description("From a run's fire time to the creation of its export")
        .publishPercentileHistogram()
        .register(registry)
        .record(
            Duration.between(started.fireTime(), now).isNegative()
                ? Duration.ZERO
                : Duration.between(started.fireTime(), now));
    planning.send(started.exportId());
  }

  private static Long[] longs(Object array) {
    if (array == null) {
      return new Long[0];
    }
    Object[] values;
    try {
      values = (Object[]) ((java.sql.Array) array).getArray();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("reading a run's visible transactions failed", e);
    }
    Long[] longs = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      longs[i] = ((Number) values[i]).longValue();
    }
    return longs;
  }

  private static Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.time.OffsetDateTime t) {
      return t.toInstant();
    }
    return ((java.sql.Timestamp) value).toInstant();
  }
}
