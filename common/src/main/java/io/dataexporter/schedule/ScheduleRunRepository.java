package io.dataexporter.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The {@code schedule_runs} table. Its status follows the run's export (trigger in V9). */
public final class ScheduleRunRepository {
  private static final String SELECT =
      """
      SELECT r.*, p.snapshot_at AS after_at, p.snapshot_xids AS after_snapshot
        FROM exporter.schedule_runs r
        LEFT JOIN exporter.schedule_runs p ON p.id = r.after_run
      """;
  private static final String INSERT =
      """
      INSERT INTO exporter.schedule_runs
             (schedule_id, fire_time, trigger, chain, status, window_start, window_end, created_at)
      VALUES (:scheduleId, :fireTime, :trigger, :chain, 'waiting', :windowStart, :windowEnd, :now)
      ON CONFLICT DO NOTHING
      RETURNING id
      """;

  private static final String LAST_OF =
      """
      SELECT DISTINCT ON (r.schedule_id) r.*,
             p.snapshot_at AS after_at, p.snapshot_xids AS after_snapshot
        FROM exporter.schedule_runs r
        LEFT JOIN exporter.schedule_runs p ON p.id = r.after_run
       WHERE r.schedule_id = ANY(:ids)
       ORDER BY r.schedule_id, r.id DESC
      """;
  private static final String EXPORT_LINKS =
      """
      SELECT j.id AS job_id, j.schedule_id AS job_schedule_id, r.*,
             p.snapshot_at AS after_at, p.snapshot_xids AS after_snapshot
        FROM exporter.export_jobs j
        LEFT JOIN exporter.schedule_runs r ON r.id = j.schedule_run_id
        LEFT JOIN exporter.schedule_runs p ON p.id = r.after_run
       WHERE j.id = ANY(:ids) AND j.schedule_id IS NOT NULL
      """;
  private static final String LOCK_SCHEDULE_OF_EXPORT =
      """
      SELECT s.id FROM exporter.schedules s
        JOIN exporter.schedule_runs r ON r.schedule_id = s.id
        JOIN exporter.export_jobs j ON j.schedule_run_id = r.id
       WHERE j.id = :id AND j.incremental
         FOR UPDATE OF s
      """;
  private static final String LATER_RUN_STARTED =
      """
      SELECT EXISTS (
        SELECT 1 FROM exporter.export_jobs j
          JOIN exporter.schedule_runs r ON r.id = j.schedule_run_id
          JOIN exporter.schedule_runs later
            ON later.schedule_id = r.schedule_id AND later.id > r.id AND later.status <> 'waiting'
         WHERE j.id = :id AND j.incremental)
      """;

  /** The statuses of a run whose export is not finished. */
  static final String UNFINISHED = "('pending', 'running', 'finalizing')";

  private final Jdbi jdbi;
  private final JsonMapper mapper;

  public ScheduleRunRepository(Jdbi jdbi, JsonMapper mapper) {
    this.jdbi = jdbi;
    this.mapper = mapper;
  }

  /**
   * Adds a waiting run; empty when a cron run for that fire time exists already (another process
   * fired it).
   */
  public static Optional<Long> insertWaiting(
      Handle h,
      UUID scheduleId,
      Instant fireTime,
      String trigger,
      int chain,
      Schedule.Window window,
      Instant now) {
    return h.createQuery(INSERT)
        .bind("scheduleId", scheduleId)
        .bind("fireTime", fireTime.atOffset(ZoneOffset.UTC))
        .bind("trigger", trigger)
        .bind("chain", chain)
        .bind("windowStart", window == null ? null : window.start().atOffset(ZoneOffset.UTC))
        .bind("windowEnd", window == null ? null : window.end().atOffset(ZoneOffset.UTC))
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .mapTo(Long.class)
        .findOne();
  }

  public Optional<ScheduleRun> find(long id) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " WHERE r.id = :id").bind("id", id).map(this::map).findOne());
  }

  public Optional<ScheduleRun> findByExport(UUID exportId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + " WHERE r.export_id = :id")
                .bind("id", exportId)
                .map(this::map)
                .findOne());
  }

  /** Newest first. */
  public List<ScheduleRun> list(UUID scheduleId, int limit, int offset) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT
                        + " WHERE r.schedule_id = :id ORDER BY r.id DESC LIMIT :limit OFFSET :offset")
                .bind("id", scheduleId)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(this::map)
                .list());
  }

  public long count(UUID scheduleId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT count(*) FROM exporter.schedule_runs WHERE schedule_id = :id")
                .bind("id", scheduleId)
                .mapTo(Long.class)
                .one());
  }

  public Optional<ScheduleRun> last(UUID scheduleId) {
    return list(scheduleId, 1, 0).stream().findFirst();
  }

  /** The newest run of each of {@code scheduleIds} that has one, in one query. */
  public Map<UUID, ScheduleRun> lastOf(Collection<UUID> scheduleIds) {
    if (scheduleIds.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h
                .createQuery(LAST_OF)
                .bindArray("ids", UUID.class, scheduleIds)
                .map(this::map)
                .list()
                .stream()
                .collect(Collectors.toMap(ScheduleRun::scheduleId, r -> r)));
  }

  /**
   * What ties an export to a schedule.
   *
   * @param scheduleId the schedule that made it (it may have been deleted since)
   * @param run the run it belongs to; null once the schedule (and with it its runs) was deleted
   */
  public record ExportLink(UUID scheduleId, ScheduleRun run) {}

  /** The schedule links of those of {@code exportIds} a schedule made, in one query. */
  public Map<UUID, ExportLink> linksOf(Collection<UUID> exportIds) {
    if (exportIds.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h ->
            h
                .createQuery(EXPORT_LINKS)
                .bindArray("ids", UUID.class, exportIds)
                .map(
                    (rs, ctx) ->
                        Map.entry(
                            rs.getObject("job_id", UUID.class),
                            new ExportLink(
                                rs.getObject("job_schedule_id", UUID.class),
                                rs.getObject("id") == null ? null : map(rs, ctx))))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
  }

  /**
   * Whether {@code exportId} is a run of an incremental schedule after which a later run of that
   * schedule has started: retrying it then would export rows the later run's cut already took. The
   * schedule's row stays locked until the transaction of {@code h} ends, so no waiting run of it
   * starts meanwhile (a run starts under that lock, and only while no other run is unfinished).
   */
  public static boolean laterRunStarted(Handle h, UUID exportId) {
    h.createQuery(LOCK_SCHEDULE_OF_EXPORT).bind("id", exportId).mapTo(UUID.class).findOne();
    return h.createQuery(LATER_RUN_STARTED).bind("id", exportId).mapTo(Boolean.class).one();
  }

  /** Fire times of {@code scheduleId} that have a run completed or under way (not failed). */
  public static List<Instant> coveredFireTimes(Handle h, UUID scheduleId) {
    return h.createQuery(
            "SELECT fire_time FROM exporter.schedule_runs WHERE schedule_id = :id"
                + " AND status NOT IN ('failed', 'cancelled')")
        .bind("id", scheduleId)
        .mapTo(java.time.OffsetDateTime.class)
        .map(java.time.OffsetDateTime::toInstant)
        .list();
  }

  /** Whether the schedule has a run that is waiting. */
  public static boolean hasWaiting(Handle h, UUID scheduleId) {
    return h.createQuery(
                "SELECT count(*) FROM exporter.schedule_runs WHERE schedule_id = :id AND status = 'waiting'")
            .bind("id", scheduleId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  /** Runs of the schedule (of one trigger, or any when null) whose export is not finished. */
  public static long unfinished(Handle h, UUID scheduleId, String trigger) {
    return h.createQuery(
            "SELECT count(*) FROM exporter.schedule_runs WHERE schedule_id = :id AND status IN "
                + UNFINISHED
                + " AND (CAST(:trigger AS text) IS NULL OR trigger = :trigger)")
        .bind("id", scheduleId)
        .bind("trigger", trigger)
        .mapTo(Long.class)
        .one();
  }

  /** A waiting run, as the starter sees it. */
  public record Waiting(long id, UUID scheduleId, String trigger, Instant fireTime) {}

  /**
   * The oldest waiting run of each schedule and trigger, oldest fire time first (each is then
   * started under its own locks): a schedule's long backfill never hides other schedules' runs.
   */
  public List<Waiting> waiting(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT id, schedule_id, trigger, fire_time FROM (
                      SELECT DISTINCT ON (schedule_id, trigger) id, schedule_id, trigger, fire_time
                        FROM exporter.schedule_runs WHERE status = 'waiting'
                       ORDER BY schedule_id, trigger, fire_time, id) AS heads
                     ORDER BY fire_time, id LIMIT :limit
                    """)
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new Waiting(
                            rs.getLong("id"),
                            rs.getObject("schedule_id", UUID.class),
                            rs.getString("trigger"),
                            ScheduleRepository.instant(rs, "fire_time")))
                .list());
  }

  private ScheduleRun map(ResultSet rs, StatementContext ctx) throws SQLException {
    String counts = rs.getString("record_counts");
    String snapshot = rs.getString("snapshot_xids");
    String afterSnapshot = rs.getString("after_snapshot");
    return new ScheduleRun(
        rs.getLong("id"),
        rs.getObject("schedule_id", UUID.class),
        ScheduleRepository.instant(rs, "fire_time"),
        rs.getString("trigger"),
        rs.getInt("chain"),
        rs.getString("status"),
        rs.getObject("export_id", UUID.class),
        ScheduleRepository.instant(rs, "window_start"),
        ScheduleRepository.instant(rs, "window_end"),
        afterSnapshot == null
            ? null
            : new ScheduleRun.Cut(ScheduleRepository.instant(rs, "after_at"), afterSnapshot),
        snapshot == null
            ? null
            : new ScheduleRun.Cut(ScheduleRepository.instant(rs, "snapshot_at"), snapshot),
        counts == null
            ? Map.of()
            : mapper.readValue(counts, new TypeReference<Map<String, Long>>() {}),
        rs.getString("error_message"),
        ScheduleRepository.instant(rs, "created_at"),
        ScheduleRepository.instant(rs, "started_at"),
        ScheduleRepository.instant(rs, "finished_at"));
  }
}
