package io.dataexporter.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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

  /** Waiting runs, oldest fire time first (each is then started under its own locks). */
  public List<Waiting> waiting(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, schedule_id, trigger, fire_time FROM exporter.schedule_runs"
                        + " WHERE status = 'waiting' ORDER BY fire_time, id LIMIT :limit")
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
