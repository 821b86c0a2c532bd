package io.dataexporter.worker.assemble;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Finalizes an export whose shards are all completed: claims it (running to finalizing), writes its
 * files and manifest, marks it completed, then removes the parts. A redelivered message may
 * finalize again; the keys are the same, so the result is too.
 */
public final class FinalizeExportRun {
  private final ExportJobRepository jobs;
  private final ShardRepository shards;
  private final AssembleFiles assemble;
  private final ObjectStore store;
  private final Clock clock;

  public FinalizeExportRun(
      ExportJobRepository jobs,
      ShardRepository shards,
      AssembleFiles assemble,
      ObjectStore store,
      Clock clock) {
    this.jobs = jobs;
    this.shards = shards;
    this.assemble = assemble;
    this.store = store;
    this.clock = clock;
  }

  /**
   * @param redelivered the broker redelivered this message (an earlier finalizer died)
   */
  public void run(UUID exportId, boolean redelivered) throws IOException {
    ExportJob job = jobs.find(exportId).orElse(null);
    if (job == null || job.status().isTerminal()) {
      return;
    }
    boolean claimed =
        job.status() == ExportStatus.RUNNING
            && jobs.transition(exportId, ExportStatus.FINALIZING, clock.instant());
    if (!claimed && !(redelivered && job.status() == ExportStatus.FINALIZING)) {
      return;
    }
    List<Shard> all = shards.listByExport(exportId);
    if (all.stream().anyMatch(s -> s.status() != ShardStatus.COMPLETED)) {
      return;
    }
    job = jobs.find(exportId).orElseThrow();
    AssembleFiles.Assembled assembled = assemble.assemble(job, all);
    if (jobs.complete(exportId, assembled.files(), assembled.manifestKey(), clock.instant())) {
      store.removeAll(ObjectKeys.partsPrefix(exportId));
    }
  }
}
