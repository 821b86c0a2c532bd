package io.dataexporter.worker.shard;

import io.dataexporter.error.FailureKind;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.messaging.ShardTask;
import io.dataexporter.worker.progress.ExportOutcomes;
import io.dataexporter.worker.progress.ShardMetrics;
import io.dataexporter.worker.snapshot.HoldSnapshots;
import io.dataexporter.worker.snapshot.ReplanExport;
import io.dataexporter.worker.snapshot.SnapshotLostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery of a shard task: claim the shard, run it, record it as completed, and hand the
 * export to finalization when it was the last one. A failed attempt gives the shard back and
 * rethrows (the broker redelivers); the last allowed attempt fails the shard and the export.
 */
public final class RunShardTask {
  private static final Logger log = LoggerFactory.getLogger(RunShardTask.class);
  private final ShardSettings settings;
  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final ExecuteShard execute;
  private final CompleteShard complete;
  private final ShardMetrics metrics;
  private final ExportOutcomes outcomes;
  private final ShardLease lease;
  private final HoldSnapshots snapshots;
  private final ReplanExport replan;
  private final Clock clock;

  public RunShardTask(
      ShardSettings settings,
      ExportJobRepository jobs,
      ShardRepository shards,
      ExecuteShard execute,
      CompleteShard complete,
      ShardMetrics metrics,
      ExportOutcomes outcomes,
      ShardLease lease,
      HoldSnapshots snapshots,
      ReplanExport replan,
      Clock clock) {
    this.settings = settings;
    this.jobs = jobs;
    this.shards = shards;
    this.execute = execute;
    this.complete = complete;
    this.metrics = metrics;
    this.outcomes = outcomes;
    this.lease = lease;
    this.snapshots = snapshots;
    this.replan = replan;
    this.clock = clock;
  }

  /**
   * @param redelivered the broker redelivered the task: its previous holder is presumed dead, so
   *     the shard is taken over even while that holder's lease lasts
   */
  public void run(ShardTask task, boolean redelivered) throws Exception {
    Optional<ExportJob> job = jobs.find(task.exportId());
    if (job.isEmpty() || job.get().status().isTerminal()) {
      return;
    }
    Optional<Shard> claimed =
        shards.claim(
            task.shardId(), settings.workerId(), clock.instant(), lease.endFromNow(), redelivered);
    if (claimed.isEmpty()) {
      // completed before: a redelivery after its worker stored it but died (or failed to publish)
      // before handing the export on, so hand it on now
      complete.handOnIfLast(task.exportId());
      return;
    }
    Shard shard = claimed.get();
    ExecuteShard.Result result;
    Instant started = clock.instant();
    log.info("shard {}#{} started (attempt {})", shard.dataType(), shard.seq(), shard.attempts());
    metrics.shardStarted();
    try {
      result =
          execute.run(
              job.get(), shard, lease.keep(shard), snapshots.names(task.exportId(), shard.epoch()));
    } catch (SnapshotLostException e) {
      metrics.shardFinished(shard.dataType(), "stopped", Duration.ZERO);
      shards.release(shard.id(), shard.attempts(), e.getMessage(), clock.instant());
      replan.run(task.exportId(), shard.epoch(), e.getMessage());
      return;
    } catch (LeaseLostException e) {
      metrics.shardFinished(shard.dataType(), "stopped", Duration.ZERO);
      log.warn("{}; the newer attempt's result stands", e.getMessage());
      return;
    } catch (ShardCancelledException e) {
      metrics.shardFinished(shard.dataType(), "stopped", Duration.ZERO);
      log.info("shard {}#{} stopped: {}", shard.dataType(), shard.seq(), e.getMessage());
      shards.release(shard.id(), shard.attempts(), e.getMessage(), clock.instant());
      return;
    } catch (Exception e) {
      boolean lastAttempt = settings.retry().givesUp(e, shard.attemptsSinceRetry());
      metrics.shardFinished(
          shard.dataType(),
          lastAttempt ? "failed" : "retried",
          Duration.between(started, clock.instant()));
      if (lastAttempt) {
        String reason =
            FailureKind.of(e) == FailureKind.PERMANENT
                ? String.format(
                    "shard %s#%d failed (not retried): %s",
                    shard.dataType(), shard.seq(), e.getMessage())
                : String.format(
                    "shard %s#%d failed after %d attempts: %s",
                    shard.dataType(), shard.seq(), shard.attemptsSinceRetry(), e.getMessage());
        log.error(reason, e);
        shards.fail(shard.id(), shard.attempts(), e.getMessage(), clock.instant());
        outcomes.fail(task.exportId(), reason);
        return;
      }
      log.warn(
          "shard {}#{} attempt {} failed, will retry: {}",
          shard.dataType(),
          shard.seq(),
          shard.attempts(),
          e.getMessage());
      shards.release(shard.id(), shard.attempts(), e.getMessage(), clock.instant());
      throw e;
    }
    Duration took = Duration.between(started, clock.instant());
    metrics.shardFinished(shard.dataType(), "completed", took);
    metrics.written(
        shard.dataType(),
        job.get().config().outputFormat().extension(),
        result.records(),
        result.bytes(),
        result.validation());
    ExecuteShard.Stages stages = result.stages();
    metrics.stages(
        shard.dataType(),
        result.copyPath(),
        stages.read(),
        stages.encode(),
        stages.compress(),
        stages.upload());
    log.info(
        "shard {}#{} completed: {} records, {} bytes in {} ms"
            + " ({} path: read {} ms, encode {} ms, compress {} ms, upload {} ms)",
        shard.dataType(),
        shard.seq(),
        result.records(),
        result.bytes(),
        took.toMillis(),
        result.copyPath() ? "copy" : "general",
        stages.read() / 1_000_000,
        stages.encode() / 1_000_000,
        stages.compress() / 1_000_000,
        stages.upload() / 1_000_000);
    complete.complete(task.exportId(), shard, result);
  }
}
