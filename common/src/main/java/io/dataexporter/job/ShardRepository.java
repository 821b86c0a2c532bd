package io.dataexporter.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import tools.jackson.databind.json.JsonMapper;

/** SQL for {@code export_shards}. Claims are conditional updates, so redelivery is safe. */
public final class ShardRepository {
  private static final String INSERT =
      """
      INSERT INTO exporter.export_shards (export_id, data_type, seq, range_start, range_end, estimated_rows, status, part_key, id_high_water, epoch, queued_at, split, sample_below)
      VALUES (:exportId, :dataType, :seq, :rangeStart, :rangeEnd, :estimatedRows, :queued, :partKey, :idHighWater, :epoch, :now, :split, :sampleBelow)
      """;

  /**
   * A running shard may be taken over when its lease ran out (its worker hung or died) or when its
   * task was redelivered (the broker saw its worker's channel close).
   */
  private static final String CLAIM =
      """
      UPDATE exporter.export_shards
         SET status = :target, attempts = attempts + 1, worker_id = :workerId, started_at = :now,
             lease_until = :leaseUntil, error_message = NULL, queued_at = NULL
       WHERE id = :id AND status IN (<sources>)
         AND (status <> :target OR lease_until < :now OR :takeover)
      RETURNING *
      """;

  /**
   * Extends the lease of this attempt; returns the export's status, nothing if the lease is lost.
   */
  private static final String HEARTBEAT =
      """
      UPDATE exporter.export_shards s SET lease_until = :leaseUntil
        FROM exporter.export_jobs j
       WHERE s.id = :id AND s.status = :running AND s.attempts = :attempt AND j.id = s.export_id
      RETURNING j.status
      """;

  private static final String COMPLETE =
      """
      UPDATE exporter.export_shards
         SET status = :target, records = :records, rejected = :rejected, validation = CAST(:validation AS jsonb),
             quality = CAST(:quality AS jsonb), bytes = :bytes, sha256 = :sha256, completed_at = :now,
             part_key = :partKey, pieces = CAST(:pieces AS jsonb), lease_until = NULL
       WHERE id = :id AND status IN (<sources>) AND attempts = :attempt
      """;
  private static final String RELEASE =
      """
      UPDATE exporter.export_shards
         SET status = :target, error_message = :reason, lease_until = NULL, queued_at = :now
       WHERE id = :id AND status IN (<sources>) AND attempts = :attempt
      """;
  private static final String FAIL =
      """
      UPDATE exporter.export_shards SET status = :target, error_message = :reason, completed_at = :now,
             lease_until = NULL
       WHERE id = :id AND status IN (<sources>) AND attempts = :attempt
      """;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Name of the parameter the plan conditions below compare shard statuses with. */
  static final String COMPLETED_PARAM = "shardCompleted";

  /**
   * SQL condition: the export whose id is the SQL expression {@code exportId} has a stored plan and
   * every shard of it is completed (bind {@link #COMPLETED_PARAM} with {@link #completed()}).
   */
  static String planCompleted(String exportId) {
    return """
        EXISTS (SELECT 1 FROM exporter.export_shards s WHERE s.export_id = %1$s)
        AND NOT EXISTS (SELECT 1 FROM exporter.export_shards s
                         WHERE s.export_id = %1$s AND s.status <> :shardCompleted)"""
        .formatted(exportId);
  }

  /**
   * SQL condition: the export {@code exportId} has a shard not completed (a plan with work left).
   */
  static String hasUnfinishedShard(String exportId) {
    return """
        EXISTS (SELECT 1 FROM exporter.export_shards s
                 WHERE s.export_id = %1$s AND s.status <> :shardCompleted)"""
        .formatted(exportId);
  }

  /** The value of {@link #COMPLETED_PARAM}. */
  static String completed() {
    return ShardStatus.COMPLETED.wire();
  }

  private final Jdbi jdbi;

  public ShardRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a plan of epoch 0 on its own (tests); planning stores its plan with the job's move. */
  public void insertAll(UUID exportId, List<ShardPlan> plans) {
    jdbi.useTransaction(h -> insertAll(h, exportId, 0, plans, java.time.Instant.now()));
  }

  /**
   * Stores the shards of plan {@code epoch}, queued at {@code now}, in the caller's transaction.
   */
  public static void insertAll(
      org.jdbi.v3.core.Handle h, UUID exportId, int epoch, List<ShardPlan> plans, Instant now) {
    PreparedBatch batch = h.prepareBatch(INSERT);
    for (ShardPlan p : plans) {
      batch
          .bind("exportId", exportId)
          .bind("epoch", epoch)
          .bind("now", now.atOffset(ZoneOffset.UTC))
          .bind("dataType", p.dataType())
          .bind("seq", p.seq())
          .bind(
              "rangeStart", p.rangeStart() == null ? null : p.rangeStart().atOffset(ZoneOffset.UTC))
          .bind("rangeEnd", p.rangeEnd() == null ? null : p.rangeEnd().atOffset(ZoneOffset.UTC))
          .bind("estimatedRows", p.estimatedRows())
          .bind("partKey", p.partKey())
          .bind("idHighWater", p.idHighWater())
          .bind("split", p.split())
          .bind("sampleBelow", p.sampleBelow())
          .bind("queued", ShardStatus.QUEUED.wire())
          .add();
    }
    if (!plans.isEmpty()) {
      batch.execute();
    }
  }

  /** Whether a plan is stored for the export. */
  public boolean planned(UUID exportId) {
    return jdbi.withHandle(h -> planned(h, exportId));
  }

  /** Whether a plan is stored for the export, as the caller's transaction sees it. */
  public static boolean planned(org.jdbi.v3.core.Handle h, UUID exportId) {
    return h.createQuery(
            "SELECT EXISTS (SELECT 1 FROM exporter.export_shards WHERE export_id = :id)")
        .bind("id", exportId)
        .mapTo(Boolean.class)
        .one();
  }

  /** Whether the export's plan is stored and every shard of it is completed. */
  public boolean planCompleted(UUID exportId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + planCompleted(":id"))
                .bind("id", exportId)
                .bind(COMPLETED_PARAM, completed())
                .mapTo(Boolean.class)
                .one());
  }

  /**
   * Queued shards whose message may have been lost (queued before {@code before}), marked as queued
   * again at {@code now} so that one sweeper republishes them; returns them.
   */
  public List<Shard> takeStaleQueued(Instant before, Instant now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    UPDATE exporter.export_shards SET queued_at = :now
                     WHERE id IN (SELECT s.id FROM exporter.export_shards s
                                   JOIN exporter.export_jobs j ON j.id = s.export_id
                                  WHERE s.status = :queued AND s.queued_at < :before
                                    AND j.status = :running
                                  ORDER BY s.queued_at LIMIT :limit
                                  FOR UPDATE OF s SKIP LOCKED)
                    RETURNING *
                    """)
                .bind("before", before.atOffset(ZoneOffset.UTC))
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("limit", limit)
                .bind("queued", ShardStatus.QUEUED.wire())
                .bind("running", ExportStatus.RUNNING.wire())
                .map(ShardRepository::map)
                .list());
  }

  public Optional<Shard> find(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM exporter.export_shards WHERE id = :id")
                .bind("id", id)
                .map(ShardRepository::map)
                .findOne());
  }

  /** Ordered by data type then seq (time order), which is the order of parts in a file. */
  public List<Shard> listByExport(UUID exportId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT * FROM exporter.export_shards WHERE export_id = :id ORDER BY data_type, seq")
                .bind("id", exportId)
                .map(ShardRepository::map)
                .list());
  }

  /**
   * Takes the shard for this worker until {@code leaseUntil}; empty if it is completed, failed, or
   * running under someone else's live lease (unless {@code takeover}).
   */
  public Optional<Shard> claim(
      long id, String workerId, Instant now, Instant leaseUntil, boolean takeover) {
    return jdbi.withHandle(
        h ->
            h.createQuery(CLAIM)
                .bind("id", id)
                .bind("target", ShardStatus.RUNNING.wire())
                .bindList("sources", StatusLists.wire(ShardStatus.sourcesOf(ShardStatus.RUNNING)))
                .bind("workerId", workerId)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("leaseUntil", leaseUntil.atOffset(ZoneOffset.UTC))
                .bind("takeover", takeover)
                .map(ShardRepository::map)
                .findOne());
  }

  /**
   * Extends this attempt's lease; the export's status, or empty when the shard is no longer ours.
   */
  public Optional<ExportStatus> heartbeat(long id, int attempt, Instant leaseUntil) {
    return jdbi.withHandle(
        h ->
            h.createQuery(HEARTBEAT)
                .bind("id", id)
                .bind("running", ShardStatus.RUNNING.wire())
                .bind("attempt", attempt)
                .bind("leaseUntil", leaseUntil.atOffset(ZoneOffset.UTC))
                .mapTo(String.class)
                .findOne()
                .map(ExportStatus::fromWire));
  }

  /** Running shards whose lease ran out: handed back to the queue; returns them. */
  public List<Shard> requeueExpired(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    UPDATE exporter.export_shards
                       SET status = :target, lease_until = NULL, error_message = 'lease expired',
                           queued_at = :now
                     WHERE status IN (<sources>) AND lease_until < :now
                    RETURNING *
                    """)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .bind("target", ShardStatus.QUEUED.wire())
                .bindList(
                    "sources",
                    StatusLists.wire(ShardStatus.sources(ShardStatus.QUEUED, ShardStatus.RUNNING)))
                .map(ShardRepository::map)
                .list());
  }

  /**
   * The export's unfinished shards go back to the queue with a fresh attempt limit (attempt numbers
   * keep counting up), in the caller's transaction; returns them. Queued ones are included: their
   * tasks were dropped when the export failed.
   */
  public static List<Shard> requeueUnfinished(
      org.jdbi.v3.core.Handle h, UUID exportId, Instant now) {
    return h.createQuery(
            """
            UPDATE exporter.export_shards
               SET status = :target, attempts_base = attempts, error_message = NULL,
                   completed_at = NULL, lease_until = NULL, queued_at = :now
             WHERE export_id = :id AND status IN (<sources>)
            RETURNING *
            """)
        .bind("id", exportId)
        .bind("target", ShardStatus.QUEUED.wire())
        .bindList(
            "sources",
            StatusLists.wire(
                ShardStatus.sources(ShardStatus.QUEUED, ShardStatus.FAILED, ShardStatus.QUEUED)))
        .bind("now", now.atOffset(ZoneOffset.UTC))
        .map(ShardRepository::map)
        .list();
  }

  /** Records this attempt's result; false if another attempt took the shard over meanwhile. */
  public boolean complete(
      long id,
      int attempt,
      String partKey,
      long records,
      long bytes,
      String sha256,
      ValidationSummary validation,
      QualitySummary quality,
      Instant now) {
    return complete(id, attempt, partKey, records, bytes, sha256, validation, quality, null, now);
  }

  /**
   * Records this attempt's result; false if another attempt took the shard over meanwhile.
   *
   * @param pieces what the shard of a multi-file export wrote, or null (its output is {@code
   *     partKey})
   */
  public boolean complete(
      long id,
      int attempt,
      String partKey,
      long records,
      long bytes,
      String sha256,
      ValidationSummary validation,
      QualitySummary quality,
      List<ShardPiece> pieces,
      Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(COMPLETE)
                    .bind("id", id)
                    .bind("target", ShardStatus.COMPLETED.wire())
                    .bindList(
                        "sources", StatusLists.wire(ShardStatus.sourcesOf(ShardStatus.COMPLETED)))
                    .bind("attempt", attempt)
                    .bind("partKey", partKey)
                    .bind("records", records)
                    .bind("rejected", validation.rejected())
                    .bind("validation", JSON.writeValueAsString(validation))
                    .bind("quality", JSON.writeValueAsString(quality))
                    .bind("bytes", bytes)
                    .bind("sha256", sha256)
                    .bind("pieces", pieces == null ? null : JSON.writeValueAsString(pieces))
                    .bind("now", now.atOffset(ZoneOffset.UTC))
                    .execute())
        == 1;
  }

  /** Gives a shard back to the queue after a retryable failure of this attempt. */
  public boolean release(long id, int attempt, String reason, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(RELEASE)
                    .bind("id", id)
                    .bind("target", ShardStatus.QUEUED.wire())
                    .bindList(
                        "sources",
                        StatusLists.wire(
                            ShardStatus.sources(ShardStatus.QUEUED, ShardStatus.RUNNING)))
                    .bind("attempt", attempt)
                    .bind("reason", reason)
                    .bind("now", now.atOffset(ZoneOffset.UTC))
                    .execute())
        == 1;
  }

  /** Fails the shard for good, if {@code attempt} still holds it. */
  public boolean fail(long id, int attempt, String reason, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(FAIL)
                    .bind("id", id)
                    .bind("target", ShardStatus.FAILED.wire())
                    .bindList(
                        "sources", StatusLists.wire(ShardStatus.sourcesOf(ShardStatus.FAILED)))
                    .bind("attempt", attempt)
                    .bind("reason", reason)
                    .bind("now", now.atOffset(ZoneOffset.UTC))
                    .execute())
        == 1;
  }

  private static Shard map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Shard(
        rs.getLong("id"),
        rs.getObject("export_id", UUID.class),
        rs.getString("data_type"),
        rs.getInt("seq"),
        ExportJobRepository.instant(rs, "range_start"),
        ExportJobRepository.instant(rs, "range_end"),
        rs.getLong("estimated_rows"),
        ShardStatus.fromWire(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getString("worker_id"),
        (Long) rs.getObject("records"),
        (Long) rs.getObject("rejected"),
        (Long) rs.getObject("bytes"),
        rs.getString("sha256"),
        rs.getString("part_key"),
        rs.getString("error_message"),
        json(rs.getString("validation"), ValidationSummary.class),
        json(rs.getString("quality"), QualitySummary.class),
        ExportJobRepository.instant(rs, "started_at"),
        ExportJobRepository.instant(rs, "completed_at"),
        ExportJobRepository.instant(rs, "lease_until"),
        (Long) rs.getObject("id_high_water"),
        rs.getInt("epoch"),
        rs.getInt("attempts_base"),
        rs.getString("split"),
        (Long) rs.getObject("sample_below"),
        pieces(rs.getString("pieces")));
  }

  private static List<ShardPiece> pieces(String json) {
    return json == null ? null : List.of(JSON.readValue(json, ShardPiece[].class));
  }

  private static <T> T json(String text, Class<T> type) {
    return text == null ? null : JSON.readValue(text, type);
  }
}
