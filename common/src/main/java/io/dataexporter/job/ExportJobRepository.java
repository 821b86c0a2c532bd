package io.dataexporter.job;

import io.dataexporter.webhook.WebhookTarget;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code export_jobs}. Status changes are conditional updates: 0 rows = refused. */
public final class ExportJobRepository {
  private static final String INSERT =
      """
      INSERT INTO exporter.export_jobs (id, status, config, created_at, updated_at, created_by,
                                        webhook_url, webhook_secret)
      VALUES (:id, :status, CAST(:config AS jsonb), :createdAt, :createdAt, :createdBy,
              :webhookUrl, :webhookSecret)
      """;
  private static final String SELECT = "SELECT * FROM exporter.export_jobs";
  private static final String TRANSITION =
      """
      UPDATE exporter.export_jobs
         SET status = :target, updated_at = :now,
             started_at = CASE WHEN :starts AND started_at IS NULL THEN :now ELSE started_at END,
             completed_at = CASE WHEN :ends THEN :now
                                 WHEN :reopens THEN NULL ELSE completed_at END,
             error_message = CASE WHEN :reopens THEN NULL ELSE error_message END
       WHERE id = :id AND status IN (<sources>)
      """;
  private static final String COMPLETE =
      """
      UPDATE exporter.export_jobs
         SET status = :target, updated_at = :now, completed_at = :now,
             files = CAST(:files AS jsonb), manifest_key = :manifestKey,
             validation = CAST(:validation AS jsonb)
       WHERE id = :id AND status IN (<sources>)
      """;
  private static final String FAIL =
      """
      UPDATE exporter.export_jobs
         SET status = :target, updated_at = :now, completed_at = :now, error_message = :reason
       WHERE id = :id AND status IN (<sources>)
      """;
  private static final String CLAIM_FINALIZATION =
      """
      UPDATE exporter.export_jobs j SET status = :target, updated_at = :now
       WHERE j.id = :id AND j.status IN (<sources>) AND\s"""
          + ShardRepository.planCompleted("j.id");
  private static final String UNFINALIZED =
      """
      SELECT j.id FROM exporter.export_jobs j
       WHERE j.status = :running AND j.updated_at < :before AND\s"""
          + ShardRepository.planCompleted("j.id");
  private static final String COUNT_ACTIVE =
      """
      SELECT count(*) FROM exporter.export_jobs
       WHERE status IN (<active>) AND (CAST(:owner AS text) IS NULL OR created_by = :owner)
      """;
  private static final String REPLAN =
      """
      UPDATE exporter.export_jobs
         SET plan_epoch = plan_epoch + 1, snapshot_at = NULL, snapshot_xids = NULL,
             visible_xids = NULL, updated_at = :now, published_at = NULL, plan_attempts = 0
       WHERE id = :id AND plan_epoch = :epoch AND status = :running AND\s"""
          + ShardRepository.hasUnfinishedShard(":id");
  private static final String STATS =
      """
      SELECT count(*) AS total, min(created_at) AS oldest, max(created_at) AS newest,
             coalesce(sum((SELECT coalesce(sum((f ->> 'size')::bigint), 0)
                             FROM jsonb_array_elements(files) f)), 0) AS total_size
        FROM exporter.export_jobs
      """;

  private final Jdbi jdbi;
  private final JsonMapper mapper;
  private final ExportConfigCodec codec;

  public ExportJobRepository(Jdbi jdbi, JsonMapper mapper) {
    this.jdbi = jdbi;
    this.mapper = mapper;
    this.codec = new ExportConfigCodec(mapper);
  }

  public void insert(ExportJob job) {
    jdbi.useHandle(h -> insert(h, job));
  }

  /** Inserts on {@code h}, inside whatever transaction it has open. */
  public void insert(Handle h, ExportJob job) {
    h.createUpdate(INSERT)
        .bind("id", job.id())
        .bind("status", job.status().wire())
        .bind("createdBy", job.createdBy())
        .bind("config", codec.toJsonText(job.config()))
        .bind("createdAt", job.createdAt().atOffset(java.time.ZoneOffset.UTC))
        .bind("webhookUrl", job.webhook() == null ? null : job.webhook().url())
        .bind("webhookSecret", job.webhook() == null ? null : job.webhook().secret())
        .execute();
  }

  public Optional<ExportJob> find(UUID id) {
    return jdbi.withHandle(
        h -> h.createQuery(SELECT + " WHERE id = :id").bind("id", id).map(this::map).findOne());
  }

  /** Newest first. */
  public List<ExportJob> list(int limit, int offset) {
    return list(null, limit, offset);
  }

  /** Newest first; only {@code owner}'s when an owner is given. */
  public List<ExportJob> list(String owner, int limit, int offset) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT
                        + " WHERE (CAST(:owner AS text) IS NULL OR created_by = :owner)"
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset")
                .bind("owner", owner)
                .bind("limit", limit)
                .bind("offset", offset)
                .map(this::map)
                .list());
  }

  public long count() {
    return count(null);
  }

  /** All jobs, or only {@code owner}'s. */
  public long count(String owner) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT count(*) FROM exporter.export_jobs WHERE (CAST(:owner AS text) IS NULL OR created_by = :owner)")
                .bind("owner", owner)
                .mapTo(Long.class)
                .one());
  }

  public List<ExportJob> createdBefore(Instant cutoff) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + " WHERE created_at < :cutoff ORDER BY created_at")
                .bind("cutoff", cutoff.atOffset(java.time.ZoneOffset.UTC))
                .map(this::map)
                .list());
  }

  /** Moves the job from exactly {@code from} to {@code to}; false if it was not in {@code from}. */
  public boolean move(UUID id, ExportStatus from, ExportStatus to, Instant now) {
    Set<ExportStatus> sources = ExportStatus.sources(to, from);
    return jdbi.withHandle(h -> transition(h, id, sources, to, now)) == 1;
  }

  /**
   * The generic move, on {@code h}: from any of {@code sources} (checked against the table by the
   * caller's {@link ExportStatus#sources}) to {@code to}; the number of rows moved.
   */
  private static int transition(
      Handle h, UUID id, Set<ExportStatus> sources, ExportStatus to, Instant now) {
    return h.createUpdate(TRANSITION)
        .bind("id", id)
        .bind("target", to.wire())
        .bind("starts", to == ExportStatus.RUNNING)
        .bind("ends", to == ExportStatus.CANCELLED)
        .bind("reopens", to == ExportStatus.PENDING || to == ExportStatus.RUNNING)
        .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
        .bindList("sources", StatusLists.wire(sources))
        .execute();
  }

  /**
   * Claims a running export for finalization, in one statement: only when its plan is stored and
   * every shard of it is completed (a re-plan that dropped the shards, or one still running, leaves
   * it running). False when it is not so.
   */
  public boolean claimFinalization(UUID id, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(CLAIM_FINALIZATION)
                    .bind("id", id)
                    .bind("target", ExportStatus.FINALIZING.wire())
                    .bindList(
                        "sources",
                        StatusLists.wire(
                            ExportStatus.sources(ExportStatus.FINALIZING, ExportStatus.RUNNING)))
                    .bind(ShardRepository.COMPLETED_PARAM, ShardRepository.completed())
                    .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                    .execute())
        == 1;
  }

  /** The job reached the broker (the outbox is done with it). */
  public void markPublished(UUID id, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE exporter.export_jobs SET published_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                .execute());
  }

  /** Pending jobs not yet published, created before {@code before}. */
  public List<UUID> unpublished(Instant before, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
            SELECT id FROM exporter.export_jobs
             WHERE published_at IS NULL AND status = :pending AND created_at < :before
             ORDER BY created_at LIMIT :limit
            """)
                .bind("pending", ExportStatus.PENDING.wire())
                .bind("before", before.atOffset(java.time.ZoneOffset.UTC))
                .bind("limit", limit)
                .mapTo(UUID.class)
                .list());
  }

  /**
   * Running jobs whose shards are all completed but which nobody finalized since {@code before}.
   */
  public List<UUID> unfinalized(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createQuery(UNFINALIZED)
                .bind("running", ExportStatus.RUNNING.wire())
                .bind(ShardRepository.COMPLETED_PARAM, ShardRepository.completed())
                .bind("before", before.atOffset(java.time.ZoneOffset.UTC))
                .mapTo(UUID.class)
                .list());
  }

  /** Jobs in {@code status} since before {@code before}. */
  public List<UUID> inStatusSince(ExportStatus status, Instant before) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM exporter.export_jobs WHERE status = :status AND updated_at < :before")
                .bind("status", status.wire())
                .bind("before", before.atOffset(java.time.ZoneOffset.UTC))
                .mapTo(UUID.class)
                .list());
  }

  /**
   * When the oldest active export ({@link ExportStatus#active()}) was created; empty if none is.
   */
  public Optional<Instant> oldestActiveCreatedAt() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT min(created_at) FROM exporter.export_jobs WHERE status IN (<active>)")
                .bindList("active", StatusLists.wire(ExportStatus.active()))
                .mapTo(Instant.class)
                .findOne());
  }

  /** Jobs pending, running or finalizing. */
  public long countActive() {
    return jdbi.withHandle(h -> countActive(h, null));
  }

  /** Active jobs of {@code owner} (all when null), as the caller's transaction sees them. */
  static long countActive(Handle h, String owner) {
    return h.createQuery(COUNT_ACTIVE)
        .bindList("active", StatusLists.wire(ExportStatus.active()))
        .bind("owner", owner)
        .mapTo(Long.class)
        .one();
  }

  public boolean complete(
      UUID id,
      List<ExportFile> files,
      String manifestKey,
      Map<String, ValidationSummary> validation,
      Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(COMPLETE)
                    .bind("id", id)
                    .bind("target", ExportStatus.COMPLETED.wire())
                    .bindList(
                        "sources", StatusLists.wire(ExportStatus.sourcesOf(ExportStatus.COMPLETED)))
                    .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                    .bind("files", mapper.writeValueAsString(files))
                    .bind("manifestKey", manifestKey)
                    .bind("validation", mapper.writeValueAsString(validation))
                    .execute())
        == 1;
  }

  public boolean fail(UUID id, String reason, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(FAIL)
                    .bind("id", id)
                    .bind("target", ExportStatus.FAILED.wire())
                    .bindList(
                        "sources", StatusLists.wire(ExportStatus.sourcesOf(ExportStatus.FAILED)))
                    .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                    .bind("reason", reason)
                    .execute())
        == 1;
  }

  /** The export's plan epoch and snapshot; empty when there is no such export. */
  public Optional<PointInTime> pointInTime(UUID id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT plan_epoch, snapshot_at, snapshot_xids FROM exporter.export_jobs WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new PointInTime(
                            rs.getInt("plan_epoch"),
                            instant(rs, "snapshot_at"),
                            rs.getString("snapshot_xids")))
                .findOne());
  }

  /**
   * Retry of a failed export, in one transaction with its outbox: without a stored plan the job
   * goes back to pending and unpublished (the relay requests its planning if the caller's request
   * is lost); with one, the job goes back to running and its failed (and dropped) shards to the
   * queue, so no queued shard exists without a running job. Empty when the job was not failed.
   */
  public Optional<RetriedExport> retry(UUID id, Instant now) {
    return jdbi.inTransaction(
        h -> {
          // the row lock orders a retry after a concurrent planner storing its plan
          boolean failed =
              h.createQuery("SELECT status FROM exporter.export_jobs WHERE id = :id FOR UPDATE")
                  .bind("id", id)
                  .mapTo(String.class)
                  .findOne()
                  .map(s -> ExportStatus.fromWire(s) == ExportStatus.FAILED)
                  .orElse(false);
          if (!failed) {
            return Optional.empty();
          }
          if (!ShardRepository.planned(h, id)) {
            transition(
                h,
                id,
                ExportStatus.sources(ExportStatus.PENDING, ExportStatus.FAILED),
                ExportStatus.PENDING,
                now);
            h.createUpdate(
                    """
                    UPDATE exporter.export_jobs
                       SET published_at = NULL, plan_attempts = 0, finalize_attempts = 0
                     WHERE id = :id
                    """)
                .bind("id", id)
                .execute();
            return Optional.of(new RetriedExport(true, List.of()));
          }
          transition(
              h,
              id,
              ExportStatus.sources(ExportStatus.RUNNING, ExportStatus.FAILED),
              ExportStatus.RUNNING,
              now);
          h.createUpdate(
                  "UPDATE exporter.export_jobs SET plan_attempts = 0, finalize_attempts = 0 WHERE id = :id")
              .bind("id", id)
              .execute();
          return Optional.of(
              new RetriedExport(false, ShardRepository.requeueUnfinished(h, id, now)));
        });
  }

  /** Which piece of an export's own work an attempt is counted for. */
  public enum Work {
    PLAN("plan_attempts", "planning"),
    FINALIZE("finalize_attempts", "finalizing");

    private final String column;
    private final String label;

    Work(String column, String label) {
      this.column = column;
      this.label = label;
    }

    /** What the work is called in logs and error messages: planning, finalizing. */
    public String label() {
      return label;
    }
  }

  /**
   * Counts one more failed attempt at the export's planning or finalizing (since the last retry by
   * a user, or the last re-plan for planning); the number of failed attempts, or empty when there
   * is no such export. Only failures count, so duplicate messages that find nothing to do (a plan
   * already stored, an export already finalized) never use up the attempts.
   */
  public Optional<Integer> countFailedAttempt(UUID id, Work work) {
    String column = work.column;
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "UPDATE exporter.export_jobs SET "
                        + column
                        + " = "
                        + column
                        + " + 1 WHERE id = :id RETURNING "
                        + column)
                .bind("id", id)
                .mapTo(Integer.class)
                .findOne());
  }

  /**
   * Drops plan {@code epoch} of a running export (its shards and snapshot holders) so that it is
   * planned again under the next epoch, at a new moment. False when the export is not running under
   * that epoch any more (someone else re-planned it, or it ended).
   */
  public boolean replan(UUID id, int epoch, String reason, Instant now) {
    return jdbi.inTransaction(
        h -> {
          int moved =
              h.createUpdate(REPLAN)
                  .bind("id", id)
                  .bind("running", ExportStatus.RUNNING.wire())
                  .bind(ShardRepository.COMPLETED_PARAM, ShardRepository.completed())
                  .bind("epoch", epoch)
                  .bind("now", now.atOffset(java.time.ZoneOffset.UTC))
                  .execute();
          if (moved == 0) {
            return false;
          }
          h.createUpdate("DELETE FROM exporter.export_shards WHERE export_id = :id")
              .bind("id", id)
              .execute();
          h.createUpdate("DELETE FROM exporter.export_snapshot_holders WHERE export_id = :id")
              .bind("id", id)
              .execute();
          return true;
        });
  }

  /**
   * Running exports without a plan whose planning message was sent before {@code before} (or
   * never): their planning is requested again. Planning stores one plan per epoch, so a duplicate
   * is harmless.
   */
  public List<UUID> unplannedRunning(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
            SELECT j.id FROM exporter.export_jobs j
             WHERE j.status = :running AND (j.published_at IS NULL OR j.published_at < :before)
               AND j.updated_at < :before
               AND NOT EXISTS (SELECT 1 FROM exporter.export_shards s WHERE s.export_id = j.id)
            """)
                .bind("running", ExportStatus.RUNNING.wire())
                .bind("before", before.atOffset(java.time.ZoneOffset.UTC))
                .mapTo(UUID.class)
                .list());
  }

  public boolean delete(UUID id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM exporter.export_jobs WHERE id = :id")
                    .bind("id", id)
                    .execute())
        == 1;
  }

  public ExportStats stats() {
    return jdbi.withHandle(
        h -> {
          Map<String, Long> byStatus = new LinkedHashMap<>();
          for (ExportStatus s : ExportStatus.values()) {
            byStatus.put(s.wire(), 0L);
          }
          h.createQuery("SELECT status, count(*) AS n FROM exporter.export_jobs GROUP BY status")
              .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
              .forEach(e -> byStatus.put(e.getKey(), e.getValue()));
          return h.createQuery(STATS)
              .map(
                  (rs, ctx) ->
                      new ExportStats(
                          rs.getLong("total"),
                          rs.getLong("total_size"),
                          instant(rs, "oldest"),
                          instant(rs, "newest"),
                          byStatus))
              .one();
        });
  }

  private ExportJob map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ExportJob(
        rs.getObject("id", UUID.class),
        ExportStatus.fromWire(rs.getString("status")),
        codec.fromJsonText(rs.getString("config")),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "started_at"),
        instant(rs, "completed_at"),
        rs.getString("error_message"),
        mapper.readValue(rs.getString("files"), new TypeReference<List<ExportFile>>() {}),
        rs.getString("manifest_key"),
        rs.getString("validation") == null
            ? null
            : mapper.readValue(
                rs.getString("validation"),
                new TypeReference<LinkedHashMap<String, ValidationSummary>>() {}),
        rs.getString("created_by"),
        rs.getString("webhook_url") == null
            ? null
            : new WebhookTarget(rs.getString("webhook_url"), rs.getString("webhook_secret")));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
