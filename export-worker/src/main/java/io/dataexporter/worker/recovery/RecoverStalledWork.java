package io.dataexporter.worker.recovery;

import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.FinalizeExport;
import io.dataexporter.messaging.RequestPlanning;
import io.dataexporter.messaging.ShardTask;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The sweep every worker runs: shards whose lease ran out go back to the queue (their worker hung
 * or died without the broker noticing); queued shards and unplanned running exports whose message
 * may be lost (a publish failed after its transaction committed) are sent again; exports whose
 * shards are all done but that nobody finalized, or whose finalizer died, are finalized again.
 * Every step is a conditional update or an idempotent message, so any number of workers may sweep
 * at once.
 */
@Component
class RecoverStalledWork {
  private static final Logger log = LoggerFactory.getLogger(RecoverStalledWork.class);
  private final ShardRepository shards;
  private final ExportJobRepository jobs;
  private final ConfirmedPublisher publisher;
  private final RecoverySettings settings;
  private final RequestPlanning planning;
  private final Clock clock;

  RecoverStalledWork(
      ShardRepository shards,
      ExportJobRepository jobs,
      ConfirmedPublisher publisher,
      RecoverySettings settings,
      RequestPlanning planning,
      Clock clock) {
    this.shards = shards;
    this.jobs = jobs;
    this.publisher = publisher;
    this.settings = settings;
    this.planning = planning;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${exporter.worker.sweep-interval:5s}",
      initialDelayString = "${exporter.worker.sweep-interval:5s}")
  void sweep() {
    try {
      Instant now = clock.instant();
      for (Shard shard : shards.requeueExpired(now)) {
        log.warn(
            "shard {}#{} of export {} lost its worker (lease expired); queued again",
            shard.dataType(),
            shard.seq(),
            shard.exportId());
        publisher.queueShard(new ShardTask(shard.exportId(), shard.id()));
      }
      // the table is the outbox: a queued shard whose message was lost (or never sent) gets one
      Instant grace = now.minus(settings.unfinalizedGrace());
      for (Shard shard : shards.takeStaleQueued(grace, now, 1000)) {
        publisher.queueShard(new ShardTask(shard.exportId(), shard.id()));
      }
      for (UUID id : jobs.unplannedRunning(grace)) {
        log.warn("export {} is running without a plan; planning it again", id);
        planning.send(id);
      }
      for (UUID id : jobs.unfinalized(now.minus(settings.unfinalizedGrace()))) {
        publisher.finalizeExport(new FinalizeExport(id, false));
      }
      for (UUID id :
          jobs.inStatusSince(ExportStatus.FINALIZING, now.minus(settings.finalizeTimeout()))) {
        log.warn("export {} has been finalizing too long; finalizing it again", id);
        publisher.finalizeExport(new FinalizeExport(id, true));
      }
    } catch (RuntimeException e) {
      log.warn("recovery sweep failed, will try again: {}", e.getMessage());
    }
  }
}
