package io.dataexporter.cleanup;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Deletes exports: their rows first (shards and snapshot holders go with the job), then every
 * object under their prefix, open multipart uploads included. In that order, a shard or finalizer
 * still writing finds the row gone when it records its result and removes what it wrote, and
 * whatever it stored before that is under the prefix when it is emptied. Objects a crash leaves
 * without a row are removed by the worker's reconciliation ({@code RemoveOrphanedObjects}).
 */
public final class RemoveExports {
  private final ExportJobRepository jobs;
  private final ObjectStore store;
  private final Clock clock;

  public RemoveExports(ExportJobRepository jobs, ObjectStore store, Clock clock) {
    this.jobs = jobs;
    this.store = store;
    this.clock = clock;
  }

  /** Removes one export; returns the bytes freed, or -1 if there was no such export. */
  public long remove(UUID exportId) {
    if (!jobs.delete(exportId)) {
      return -1;
    }
    return store.removeAll(ObjectKeys.exportPrefix(exportId));
  }

  /** Removes every export created more than {@code retention} ago. */
  public CleanupResult olderThan(Duration retention) {
    Instant cutoff = clock.instant().minus(retention);
    List<String> removed = new ArrayList<>();
    long freed = 0;
    for (ExportJob job : jobs.createdBefore(cutoff)) {
      long bytes = remove(job.id());
      if (bytes >= 0) {
        removed.add(job.id().toString());
        freed += bytes;
      }
    }
    return new CleanupResult(removed.size(), freed, removed, cutoff);
  }

  /**
   * What a cleanup freed.
   *
   * @param deletedExports number of exports removed
   * @param freedBytes bytes of objects removed
   * @param exportIds ids of the removed exports
   * @param cutoff exports created before this instant were removed
   */
  public record CleanupResult(
      int deletedExports, long freedBytes, List<String> exportIds, Instant cutoff) {}
}
