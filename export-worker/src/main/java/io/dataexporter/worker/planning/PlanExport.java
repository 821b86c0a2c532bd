package io.dataexporter.worker.planning;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ShardTask;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans a pending export: stores its shards, marks it running, queues a task per shard. Safe to
 * repeat (a redelivered request re-queues shards that are still queued; claims drop duplicates).
 */
public final class PlanExport {
  private static final Logger log = LoggerFactory.getLogger(PlanExport.class);
  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final ShardPlanner planner;
  private final ConfirmedPublisher publisher;
  private final Clock clock;

  public PlanExport(
      ExportJobRepository jobs,
      ShardRepository shards,
      ShardPlanner planner,
      ConfirmedPublisher publisher,
      Clock clock) {
    this.jobs = jobs;
    this.shards = shards;
    this.planner = planner;
    this.publisher = publisher;
    this.clock = clock;
  }

  public void run(UUID exportId) {
    ExportJob job = jobs.find(exportId).orElse(null);
    if (job == null
        || (job.status() != ExportStatus.PENDING && job.status() != ExportStatus.RUNNING)) {
      return;
    }
    List<Shard> existing = shards.listByExport(exportId);
    if (existing.isEmpty()) {
      shards.insertAll(exportId, planner.plan(exportId, job.config()));
      existing = shards.listByExport(exportId);
      log.info("export planned: {} shards for {}", existing.size(), job.config().dataTypes());
    }
    if (job.status() == ExportStatus.PENDING) {
      jobs.move(exportId, ExportStatus.PENDING, ExportStatus.RUNNING, clock.instant());
    }
    for (Shard shard : existing) {
      if (shard.status() == ShardStatus.QUEUED) {
        publisher.queueShard(new ShardTask(exportId, shard.id()));
      }
    }
  }
}
