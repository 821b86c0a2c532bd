package io.dataexporter.job;

import java.time.Instant;
import java.util.UUID;

/**
 * One slice of one dataset of an export: rows with time in [rangeStart, rangeEnd); a null bound is
 * open. Shards of a dataset are numbered by {@code seq} in time order. {@code epoch} is the plan it
 * belongs to; {@code attempts} only goes up (a retry moves {@code attemptsBase} instead of
 * resetting it), so an attempt number names one run of the shard for good.
 *
 * <p>{@code split} and {@code sampleBelow}: see {@link ShardPlan}. {@code pieces}: what a completed
 * shard of a multi-file export wrote ({@link ShardPiece}), null otherwise (its output is {@code
 * partKey}).
 */
public record Shard(
    long id,
    UUID exportId,
    String dataType,
    int seq,
    Instant rangeStart,
    Instant rangeEnd,
    long estimatedRows,
    ShardStatus status,
    int attempts,
    String workerId,
    Long records,
    Long rejected,
    Long bytes,
    String sha256,
    String partKey,
    String errorMessage,
    ValidationSummary validation,
    QualitySummary quality,
    Instant startedAt,
    Instant completedAt,
    Instant leaseUntil,
    Long idHighWater,
    int epoch,
    int attemptsBase,
    String split,
    Long sampleBelow,
    java.util.List<ShardPiece> pieces) {

  public Shard {
    pieces = pieces == null ? null : java.util.List.copyOf(pieces);
  }

  /** Attempts since the shard was last retried by a user: what the attempt limit counts. */
  public int attemptsSinceRetry() {
    return attempts - attemptsBase;
  }
}
