package io.dataexporter.worker.snapshot;

import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.ShardStatus;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** SQL for {@code export_snapshot_holders}: who holds which export's snapshot, until when. */
public final class SnapshotHolders {
  private static final String INSERT =
      """
      INSERT INTO exporter.export_snapshot_holders (export_id, epoch, holder, snapshot_name, backend_pid, lease_until)
      VALUES (:exportId, :epoch, :holder, :name, :pid, :leaseUntil)
      """;

  /** Names of the live holders of the export's current plan, freshest first. */
  private static final String LIVE_NAMES =
      """
      SELECT h.snapshot_name FROM exporter.export_snapshot_holders h
        JOIN exporter.export_jobs j ON j.id = h.export_id AND j.plan_epoch = h.epoch
       WHERE h.export_id = :exportId AND h.epoch = :epoch AND h.lease_until > :now
       ORDER BY h.lease_until DESC
      """;

  /**
   * Running exports with unfinished shards of their current plan and fewer than {@code wanted} live
   * holders, that {@code holder} does not hold yet.
   */
  private static final String UNDER_HELD =
      """
      SELECT j.id, j.plan_epoch,
             (SELECT count(*) FROM exporter.export_snapshot_holders h
               WHERE h.export_id = j.id AND h.epoch = j.plan_epoch AND h.lease_until > :now) AS live
        FROM exporter.export_jobs j
       WHERE j.status = :running
         AND EXISTS (SELECT 1 FROM exporter.export_shards s
                      WHERE s.export_id = j.id AND s.epoch = j.plan_epoch AND s.status <> :completed)
         AND NOT EXISTS (SELECT 1 FROM exporter.export_snapshot_holders h
                          WHERE h.export_id = j.id AND h.holder = :holder)
      """;

  private final Jdbi jdbi;

  public SnapshotHolders(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** An export whose plan has fewer holders than wanted. */
  public record UnderHeld(UUID exportId, int epoch, long liveHolders) {}

  /** Registers a holder in the caller's transaction (the plan is stored with its first holder). */
  public static void insert(Handle h, HeldSnapshot held, String holder, Instant leaseUntil) {
    h.createUpdate(INSERT)
        .bind("exportId", held.exportId())
        .bind("epoch", held.epoch())
        .bind("holder", holder)
        .bind("name", held.name())
        .bind("pid", held.backendPid())
        .bind("leaseUntil", leaseUntil.atOffset(ZoneOffset.UTC))
        .execute();
  }

  /**
   * Registers a further holder of plan {@code epoch}; false (nothing stored) when the export has
   * moved on to another plan or ended meanwhile.
   */
  public boolean add(HeldSnapshot held, String holder, Instant leaseUntil) {
    return jdbi.inTransaction(
        h -> {
          Integer epoch =
              h.createQuery(
                      "SELECT plan_epoch FROM exporter.export_jobs WHERE id = :id AND status = :running FOR SHARE")
                  .bind("id", held.exportId())
                  .bind("running", ExportStatus.RUNNING.wire())
                  .mapTo(Integer.class)
                  .findOne()
                  .orElse(null);
          if (epoch == null || epoch != held.epoch()) {
            return false;
          }
          insert(h, held, holder, leaseUntil);
          return true;
        });
  }

  public List<String> liveNames(UUID exportId, int epoch, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(LIVE_NAMES)
                .bind("exportId", exportId)
                .bind("epoch", epoch)
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .mapTo(String.class)
                .list());
  }

  /**
   * Extends a holder's lease; false when its row is gone (the export was re-planned or deleted).
   */
  public boolean renew(UUID exportId, String holder, Instant leaseUntil) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE exporter.export_snapshot_holders SET lease_until = :leaseUntil"
                            + " WHERE export_id = :exportId AND holder = :holder")
                    .bind("exportId", exportId)
                    .bind("holder", holder)
                    .bind("leaseUntil", leaseUntil.atOffset(ZoneOffset.UTC))
                    .execute())
        == 1;
  }

  public void remove(UUID exportId, String holder) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "DELETE FROM exporter.export_snapshot_holders WHERE export_id = :exportId AND holder = :holder")
                .bind("exportId", exportId)
                .bind("holder", holder)
                .execute());
  }

  /**
   * Running exports that {@code holder} could help hold: fewer than {@code wanted} live holders.
   */
  public List<UnderHeld> underHeld(String holder, int wanted, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(UNDER_HELD)
                .bind("holder", holder)
                .bind("running", ExportStatus.RUNNING.wire())
                .bind("completed", ShardStatus.COMPLETED.wire())
                .bind("now", now.atOffset(ZoneOffset.UTC))
                .map(
                    (rs, ctx) ->
                        new UnderHeld(
                            rs.getObject("id", UUID.class),
                            rs.getInt("plan_epoch"),
                            rs.getLong("live")))
                .filter(u -> u.liveHolders() < wanted)
                .list());
  }

  /**
   * Whether the holder should keep holding: its export is running (or failed less than {@code
   * failedGrace} ago, so that a retry still reads the same moment) under the holder's plan, and
   * that plan still has unfinished shards.
   */
  public boolean stillNeeded(UUID exportId, int epoch, Instant failedSince) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    """
                    SELECT EXISTS (
                      SELECT 1 FROM exporter.export_jobs j
                       WHERE j.id = :exportId AND j.plan_epoch = :epoch
                         AND (j.status = :running OR (j.status = :failed AND j.updated_at > :failedSince))
                         AND EXISTS (SELECT 1 FROM exporter.export_shards s
                                      WHERE s.export_id = j.id AND s.epoch = j.plan_epoch
                                        AND s.status <> :completed))
                    """)
                .bind("running", ExportStatus.RUNNING.wire())
                .bind("failed", ExportStatus.FAILED.wire())
                .bind("completed", ShardStatus.COMPLETED.wire())
                .bind("exportId", exportId)
                .bind("epoch", epoch)
                .bind("failedSince", failedSince.atOffset(ZoneOffset.UTC))
                .mapTo(Boolean.class)
                .one());
  }
}
