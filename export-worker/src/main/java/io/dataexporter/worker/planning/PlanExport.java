package io.dataexporter.worker.planning;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.TransientException;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPlan;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ShardTask;
import io.dataexporter.worker.incremental.IncrementalCuts;
import io.dataexporter.worker.incremental.VisibleTransactions;
import io.dataexporter.worker.snapshot.HeldSnapshot;
import io.dataexporter.worker.snapshot.HoldSnapshots;
import io.dataexporter.worker.snapshot.SnapshotHolders;
import io.dataexporter.worker.source.SourceReadException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a pending export at one moment: takes a snapshot (held open by this worker), splits the
 * rows that snapshot sees into shards, and stores the plan, the snapshot's moment, its first holder
 * and the move to running in one transaction. A second planning run of the same plan epoch (a
 * duplicate message, another gateway) finds the plan stored and only republishes its queued shards;
 * its own snapshot is dropped. An incremental export plans only the rows that became visible after
 * its predecessor's snapshot, and stores its own visible set with the plan (a new plan after a lost
 * snapshot stores a new one).
 */
public final class PlanExport {
  private static final Logger log = LoggerFactory.getLogger(PlanExport.class);

  /** Locks the job row, so that two planners of one export store one plan. */
  private static final String LOCK_JOB =
      "SELECT status, plan_epoch FROM exporter.export_jobs WHERE id = :id FOR UPDATE";

  private static final String START =
      """
      UPDATE exporter.export_jobs
         SET status = :running, updated_at = :now, started_at = coalesce(started_at, :now),
             snapshot_at = :snapshotAt, snapshot_xids = :xids
       WHERE id = :id
      """;

  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final ShardPlanner planner;
  private final ConfirmedPublisher publisher;
  private final HoldSnapshots snapshots;
  private final IncrementalCuts cuts;
  private final VisibleTransactions visible;
  private final DatasetRegistry datasets;
  private final Jdbi jdbi;
  private final Clock clock;

  public PlanExport(
      ExportJobRepository jobs,
      ShardRepository shards,
      ShardPlanner planner,
      ConfirmedPublisher publisher,
      HoldSnapshots snapshots,
      IncrementalCuts cuts,
      VisibleTransactions visible,
      DatasetRegistry datasets,
      Jdbi jdbi,
      Clock clock) {
    this.jobs = jobs;
    this.shards = shards;
    this.planner = planner;
    this.publisher = publisher;
    this.snapshots = snapshots;
    this.cuts = cuts;
    this.visible = visible;
    this.datasets = datasets;
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public void run(UUID exportId) {
    ExportJob job = jobs.find(exportId).orElse(null);
    PointInTime moment = jobs.pointInTime(exportId).orElse(null);
    if (job == null
        || moment == null
        || (job.status() != ExportStatus.PENDING && job.status() != ExportStatus.RUNNING)) {
      return;
    }
    if (!shards.planned(exportId)) {
      plan(job, moment.epoch());
    }
    publishQueued(exportId);
  }

  private void plan(ExportJob job, int epoch) {
    HeldSnapshot snapshot;
    try {
      snapshot = snapshots.take(job.id(), epoch);
    } catch (SQLException e) {
      throw new SourceReadException("taking the export's snapshot failed: " + e.getMessage(), e);
    }
    try {
      List<String> names = List.of(snapshot.name());
      Optional<IncrementalCuts.Cut> cut = cuts.forPlanning(job.id(), snapshot.xids());
      List<ShardPlan> plans =
          planner.plan(
              job.id(),
              epoch,
              job.config(),
              names,
              cut.map(IncrementalCuts.Cut::visibleAfter).orElse(null));
      java.util.Set<Long> running = VisibleTransactions.running(snapshot.xids());
      List<Long> visibleXids =
          cut.map(
                  c ->
                      visible.find(
                          job.config().dataTypes().stream().map(datasets::get).toList(),
                          names,
                          c.snapshotXmin(),
                          c.snapshotXmax(),
                          running))
              .orElse(null);
      if (store(job.id(), epoch, plans, snapshot, visibleXids)) {
        log.info(
            "export planned: {} shards for {} at {} (plan {})",
            plans.size(),
            job.config().dataTypes(),
            snapshot.takenAt(),
            epoch);
        snapshots.adopt(snapshot);
        snapshot = null;
      } else {
        log.info("export {} was planned by another worker; this plan is dropped", job.id());
      }
    } finally {
      if (snapshot != null) {
        snapshot.close();
      }
    }
  }

  /**
   * Stores the plan if nobody stored one for this epoch; false when someone did.
   *
   * @param visibleXids an incremental export's visible set; null for other exports
   */
  private boolean store(
      UUID exportId,
      int epoch,
      List<ShardPlan> plans,
      HeldSnapshot snapshot,
      List<Long> visibleXids) {
    Instant now = clock.instant();
    return jdbi.inTransaction(
        h -> {
          var row =
              h.createQuery(LOCK_JOB)
                  .bind("id", exportId)
                  .map((rs, ctx) -> new Object[] {rs.getString("status"), rs.getInt("plan_epoch")})
                  .findOne();
          if (row.isEmpty()
              || (int) row.get()[1] != epoch
              || !ExportStatus.fromWire((String) row.get()[0]).isPlannable()) {
            return false;
          }
          if (ShardRepository.planned(h, exportId)) {
            return false;
          }
          ShardRepository.insertAll(h, exportId, epoch, plans, now);
          SnapshotHolders.insert(h, snapshot, snapshots.holderId(), snapshots.leaseEnd());
          h.createUpdate(START)
              .bind("id", exportId)
              .bind("now", now.atOffset(ZoneOffset.UTC))
              .bind("snapshotAt", snapshot.takenAt().atOffset(ZoneOffset.UTC))
              .bind("xids", snapshot.xids())
              .bind("running", ExportStatus.RUNNING.wire())
              .execute();
          if (visibleXids != null) {
            IncrementalCuts.storeVisible(h, exportId, visibleXids);
          }
          return true;
        });
  }

  /**
   * Sends a task for each queued shard. A shard whose message is lost (the broker went away) stays
   * queued, and the recovery sweep sends it again.
   */
  private void publishQueued(UUID exportId) {
    for (Shard shard : shards.listByExport(exportId)) {
      if (shard.status() == ShardStatus.QUEUED) {
        try {
          publisher.queueShard(new ShardTask(exportId, shard.id()));
        } catch (TransientException e) {
          log.warn(
              "shard tasks of export {} not all sent ({}); the sweep sends them",
              exportId,
              e.getMessage());
          return;
        }
      }
    }
  }
}
