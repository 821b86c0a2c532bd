package io.dataexporter.testsupport.jobs;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPlan;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.storage.ObjectKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stages moments of an export's life in the job tables, through the repositories (so the moves obey
 * the transition tables): a stored one-shard plan with the export running, a claimed shard, a
 * completed one. Tests that need the export's snapshot held take it before {@link #planOneShard}.
 */
public final class ShardFixture {
  private final ExportJobRepository jobs;
  private final ShardRepository shards;

  public ShardFixture(ExportJobRepository jobs, ShardRepository shards) {
    this.jobs = jobs;
    this.shards = shards;
  }

  /** Stores the job (pending); returns it. */
  public ExportJob store(ExportJob job) {
    jobs.insert(job);
    return job;
  }

  /**
   * Stores a plan of one shard (seq 0, epoch 0, no bounds) of {@code dataType} and moves the export
   * to running, as planning does; returns the queued shard.
   */
  public Shard planOneShard(UUID exportId, String dataType, long estimatedRows) {
    shards.insertAll(
        exportId,
        List.of(
            new ShardPlan(
                dataType,
                0,
                null,
                null,
                estimatedRows,
                ObjectKeys.part(exportId, dataType, 0, 0, 0),
                null)));
    if (!jobs.move(exportId, ExportStatus.PENDING, ExportStatus.RUNNING, Instant.now())) {
      throw new IllegalStateException("export " + exportId + " was not pending");
    }
    return shards.listByExport(exportId).get(0);
  }

  /** Claims the shard for {@code workerId}, whose lease lasts {@code lease} (negative: ran out). */
  public Shard claim(Shard shard, String workerId, Duration lease) {
    Instant now = Instant.now();
    return shards
        .claim(shard.id(), workerId, now, now.plus(lease), false)
        .orElseThrow(() -> new IllegalStateException("shard " + shard.id() + " not claimable"));
  }

  /** Claims the shard for a minute. */
  public Shard claim(Shard shard, String workerId) {
    return claim(shard, workerId, Duration.ofMinutes(1));
  }

  /**
   * Completes the claimed attempt with a part of {@code records} valid records and {@code bytes}
   * bytes at {@code partKey}; false when the attempt no longer holds the shard.
   */
  public boolean complete(Shard claimed, String partKey, long records, long bytes) {
    return complete(claimed, partKey, records, bytes, QualitySummary.EMPTY);
  }

  public boolean complete(
      Shard claimed, String partKey, long records, long bytes, QualitySummary quality) {
    return shards.complete(
        claimed.id(),
        claimed.attempts(),
        partKey,
        records,
        bytes,
        "x",
        new ValidationSummary(records, records, 0, Map.of()),
        quality,
        Instant.now());
  }
}
