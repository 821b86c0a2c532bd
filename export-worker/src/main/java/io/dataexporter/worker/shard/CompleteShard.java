package io.dataexporter.worker.shard;

import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.FinalizeExport;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a successful shard attempt: records the shard as completed (if this attempt still
 * holds it), removes its parts when nobody wants them any more, and hands the export to
 * finalization when it was the last shard.
 */
public final class CompleteShard {
  private static final Logger log = LoggerFactory.getLogger(CompleteShard.class);
  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final ConfirmedPublisher publisher;
  private final ObjectStore store;
  private final Clock clock;

  public CompleteShard(
      ExportJobRepository jobs,
      ShardRepository shards,
      ConfirmedPublisher publisher,
      ObjectStore store,
      Clock clock) {
    this.jobs = jobs;
    this.shards = shards;
    this.publisher = publisher;
    this.store = store;
    this.clock = clock;
  }

  void complete(UUID exportId, Shard shard, ExecuteShard.Result result) {
    if (!shards.complete(
        shard.id(),
        shard.attempts(),
        result.partKey(),
        result.records(),
        result.bytes(),
        result.sha256(),
        result.validation(),
        result.quality(),
        result.pieces(),
        clock.instant())) {
      // taken over, re-planned, or the export was deleted: this attempt's parts are nobody's
      log.warn(
          "shard {} attempt {} is no longer this worker's; its parts are removed",
          shard.id(),
          shard.attempts());
      removeParts(exportId, shard, result);
      return;
    }
    if (jobs.find(exportId).map(j -> j.status() == ExportStatus.CANCELLED).orElse(true)) {
      // cancelled (or deleted) while this shard finished: its parts must not outlive the export
      removeParts(exportId, shard, result);
      return;
    }
    handOnIfLast(exportId);
  }

  /** Publishes the export for finalization once every shard is completed. */
  void handOnIfLast(UUID exportId) {
    if (shards.planCompleted(exportId)
        && jobs.find(exportId).map(j -> j.status() == ExportStatus.RUNNING).orElse(false)) {
      publisher.finalizeExport(new FinalizeExport(exportId, false));
    }
  }

  private void removeParts(UUID exportId, Shard shard, ExecuteShard.Result result) {
    store.remove(result.partKey());
    if (result.pieces() != null) {
      result.pieces().forEach(piece -> store.remove(piece.key()));
    }
    store.remove(
        ObjectKeys.rejectedPart(
            exportId, shard.dataType(), shard.epoch(), shard.seq(), shard.attempts()));
  }
}
