package io.dataexporter.schedule;

import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.webhook.WebhookTarget;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code schedules} table. */
public final class ScheduleRepository {
  private static final String COLUMNS =
      """
      id, owner, name, cron, timezone, mode, window_length, lag, misfire, export_config,
      webhook_url, webhook_secret, enabled, start_date, chain, next_fire_at, created_at, updated_at
      """;
  private static final String INSERT =
      "INSERT INTO exporter.schedules ("
          + COLUMNS
          + """
          ) VALUES (:id, :owner, :name, :cron, :timezone, :mode, :window, :lag, :misfire,
                    CAST(:export AS jsonb), :webhookUrl, :webhookSecret, :enabled, :startDate,
                    :chain, :nextFireAt, :createdAt, :updatedAt)
          """;
  private static final String UPDATE =
      """
      UPDATE exporter.schedules
         SET name = :name, cron = :cron, timezone = :timezone, mode = :mode,
             window_length = :window, lag = :lag, misfire = :misfire,
             export_config = CAST(:export AS jsonb), webhook_url = :webhookUrl,
             webhook_secret = :webhookSecret, enabled = :enabled, start_date = :startDate,
             chain = :chain, next_fire_at = :nextFireAt, updated_at = :updatedAt
       WHERE id = :id
      """;
  private static final String SELECT = "SELECT " + COLUMNS + " FROM exporter.schedules";
  private static final String DUE =
      SELECT
          + """
           WHERE enabled AND next_fire_at <= :now
           ORDER BY next_fire_at LIMIT :limit FOR UPDATE SKIP LOCKED
          """;

  private final Jdbi jdbi;
  private final ExportConfigCodec codec;

  public ScheduleRepository(Jdbi jdbi, ExportConfigCodec codec) {
    this.jdbi = jdbi;
    this.codec = codec;
  }

  public void insert(Schedule schedule) {
    jdbi.useHandle(h -> insert(h, schedule));
  }

  /** Inserts in the transaction of {@code h}. */
  public void insert(Handle h, Schedule schedule) {
    bind(h.createUpdate(INSERT), schedule).execute();
  }

  /** Replaces every setting of the stored schedule; false when it is gone. */
  public boolean update(Schedule schedule) {
    return jdbi.withHandle(h -> update(h, schedule));
  }

  /** Replaces every setting, in the transaction of {@code h}; false when it is gone. */
  public boolean update(Handle h, Schedule schedule) {
    return bind(h.createUpdate(UPDATE), schedule).execute() == 1;
  }

  public Optional<Schedule> find(UUID id) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map(this::map).findOne());
  }

  /** The schedule row, locked until the transaction of {@code h} ends. */
  public Optional<Schedule> lock(Handle h, UUID id) {
    return h.createQuery(SELECT + " WHERE id = :id FOR UPDATE")
        .bind("id", id)
        .map(this::map)
        .findOne();
  }

  /** Newest first; {@code owner} null lists everyone's. */
  public List<Schedule> list(String owner, int limit, int offset) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT
                        + " WHERE (CAST(:owner AS text) IS NULL OR owner = :owner)"
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("owner", owner)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(this::map)
                .list());
  }

  public long count(String owner) {
    return jdbi.withHandle(h -> count(h, owner));
  }

  /** {@code owner}'s schedules (everyone's when null), in the transaction of {@code h}. */
  public static long count(Handle h, String owner) {
    return h.createQuery(
            "SELECT count(*) FROM exporter.schedules"
                + " WHERE (CAST(:owner AS text) IS NULL OR owner = :owner)")
        .bind("owner", owner)
        .mapTo(Long.class)
        .one();
  }

  /** Whether {@code owner} already has a schedule called {@code name} (other than {@code id}). */
  public boolean nameTaken(String owner, String name, UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                        "SELECT count(*) FROM exporter.schedules"
                            + " WHERE owner = :owner AND name = :name"
                            + " AND (CAST(:id AS uuid) IS NULL OR id <> :id)")
                    .bind("owner", owner)
                    .bind("name", name)
                    .bind("id", id)
                    .mapTo(Long.class)
                    .one()
                > 0);
  }

  /** Deletes the schedule and its runs (their exports stay); false when it was not there. */
  public boolean delete(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM exporter.schedules WHERE id = :id").bind("id", id).execute()
                == 1);
  }

  /**
   * Enabled schedules whose next fire time has come, locked (skipping those another process has
   * locked) until the transaction of {@code h} ends.
   */
  public List<Schedule> lockDue(Handle h, Instant now, int limit) {
    return h.createQuery(DUE)
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .bind("limit", limit)
        .map(this::map)
        .list();
  }

  /** Moves a locked schedule's next fire time on. */
  public static void advance(Handle h, UUID id, Instant next) {
    h.createUpdate("UPDATE exporter.schedules SET next_fire_at = :next WHERE id = :id")
        .bind("id", id)
        .bind("next", next == null ? null : next.atOffset(ZoneOffset.UTC))
        .execute();
  }

  private <S extends SqlStatement<S>> S bind(S statement, Schedule s) {
    return statement
        .bind("id", s.id())
        .bind("owner", s.owner())
        .bind("name", s.name())
        .bind("cron", s.cron())
        .bind("timezone", s.timezone().getId())
        .bind("mode", s.mode().wire())
        .bind("window", s.window() == null ? null : s.window().toString())
        .bind("lag", s.lag().toString())
        .bind("misfire", s.misfire().wire())
        .bind("export", codec.toJsonText(s.export()))
        .bind("webhookUrl", s.webhook() == null ? null : s.webhook().url())
        .bind("webhookSecret", s.webhook() == null ? null : s.webhook().secret())
        .bind("enabled", s.enabled())
        .bind("startDate", utc(s.startDate()))
        .bind("chain", s.chain())
        .bind("nextFireAt", utc(s.nextFireAt()))
        .bind("createdAt", utc(s.createdAt()))
        .bind("updatedAt", utc(s.updatedAt()));
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

  private Schedule map(ResultSet rs, StatementContext ctx) throws SQLException {
    String window = rs.getString("window_length");
    String url = rs.getString("webhook_url");
    return new Schedule(
        rs.getObject("id", UUID.class),
        rs.getString("owner"),
        rs.getString("name"),
        rs.getString("cron"),
        ZoneId.of(rs.getString("timezone")),
        ScheduleMode.fromWire(rs.getString("mode")).orElseThrow(),
        window == null ? null : Duration.parse(window),
        Duration.parse(rs.getString("lag")),
        Misfire.fromWire(rs.getString("misfire")).orElseThrow(),
        codec.fromJsonText(rs.getString("export_config")),
        url == null ? null : new WebhookTarget(url, rs.getString("webhook_secret")),
        rs.getBoolean("enabled"),
        instant(rs, "start_date"),
        rs.getInt("chain"),
        instant(rs, "next_fire_at"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
