package io.dataexporter.worker.assemble;

import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.keys.RecipientKeys;
import io.dataexporter.keys.UnusableKeyException;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.encrypt.OpenPgpEncryptor;
import io.dataexporter.worker.progress.ExportOutcomes;
import io.dataexporter.worker.progress.ShardProgress;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final Double maxRejectedShare;
  private final ShardProgress events;
  private final ExportOutcomes outcomes;
  private final RecipientKeys recipients;
  private final Clock clock;

  /**
   * @param maxRejectedShare the export fails when a data type rejects a larger share of its
   *     records; null = never
   */
  public FinalizeExportRun(
      ExportJobRepository jobs,
      ShardRepository shards,
      AssembleFiles assemble,
      ObjectStore store,
      Double maxRejectedShare,
      ShardProgress events,
      ExportOutcomes outcomes,
      RecipientKeys recipients,
      Clock clock) {
    this.jobs = jobs;
    this.shards = shards;
    this.assemble = assemble;
    this.store = store;
    this.maxRejectedShare = maxRejectedShare;
    this.events = events;
    this.outcomes = outcomes;
    this.recipients = recipients;
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
        job.status() == ExportStatus.RUNNING && jobs.claimFinalization(exportId, clock.instant());
    if (!claimed) {
      // only a redelivery or the recovery sweep finalizes again; touching the job restarts the
      // sweep's timer, so one stalled finalization gets one new finalizer
      boolean takeOver =
          redelivered
              && job.status() == ExportStatus.FINALIZING
              && jobs.move(
                  exportId, ExportStatus.FINALIZING, ExportStatus.FINALIZING, clock.instant());
      if (!takeOver) {
        return;
      }
    }
    List<Shard> all = shards.listByExport(exportId);
    if (all.isEmpty() || all.stream().anyMatch(s -> s.status() != ShardStatus.COMPLETED)) {
      return;
    }
    job = jobs.find(exportId).orElseThrow();
    Map<String, ValidationSummary> validation = new LinkedHashMap<>();
    for (String type : job.config().dataTypes()) {
      validation.put(type, ManifestWriter.validationOf(type, all));
    }
    String tooMany = tooManyRejected(validation);
    OpenPgpEncryptor encryptor = null;
    if (tooMany == null && job.config().encryption() != null) {
      try {
        encryptor = encryptor(job);
      } catch (UnusableKeyException e) {
        tooMany = e.getMessage();
      }
    }
    if (tooMany != null) {
      outcomes.fail(exportId, tooMany);
      store.removeAll(ObjectKeys.partsPrefix(exportId));
      events.changed(exportId);
      return;
    }
    PointInTime moment = jobs.pointInTime(exportId).orElse(null);
    if (moment == null) {
      return;
    }
    AssembleFiles.Assembled assembled = assemble.assemble(job, all, moment, encryptor);
    if (jobs.complete(
        exportId, assembled.files(), assembled.manifestKey(), validation, clock.instant())) {
      store.removeAll(ObjectKeys.partsPrefix(exportId));
      outcomes.completed(
          job,
          assembled.files().stream()
              .filter(ExportFile::isData)
              .mapToLong(ExportFile::records)
              .sum(),
          assembled.files().stream().mapToLong(ExportFile::size).sum());
    } else if (jobs.find(exportId).map(j -> j.status() == ExportStatus.CANCELLED).orElse(true)) {
      // cancelled or deleted while this finalizer wrote: nothing it wrote may stay
      store.removeAll(ObjectKeys.exportPrefix(exportId));
    }
    events.changed(exportId);
  }

  /**
   * The recipients' keys as they are now: one deleted or expired since the export was asked for
   * fails it (an {@link UnusableKeyException} saying which) rather than leaving it out.
   */
  private OpenPgpEncryptor encryptor(ExportJob job) {
    RecipientKeys.Resolution resolution =
        recipients.resolve(job.createdBy(), job.config().encryption());
    if (!resolution.ok()) {
      throw new UnusableKeyException(resolution.describe());
    }
    try {
      return OpenPgpEncryptor.to(resolution.keys(), clock.instant());
    } catch (UnusableKeyException e) {
      throw new UnusableKeyException("cannot encrypt: a recipient's key " + e.getMessage(), e);
    }
  }

  private String tooManyRejected(Map<String, ValidationSummary> validation) {
    if (maxRejectedShare == null) {
      return null;
    }
    for (Map.Entry<String, ValidationSummary> e : validation.entrySet()) {
      double share = e.getValue().rejectedShare();
      if (share > maxRejectedShare) {
        return String.format(
            Locale.ROOT,
            "validation rejected %d of %d %s records (%.1f%%), more than the allowed %.1f%%",
            e.getValue().rejected(),
            e.getValue().checked(),
            e.getKey(),
            share * 100,
            maxRejectedShare * 100);
      }
    }
    return null;
  }
}
