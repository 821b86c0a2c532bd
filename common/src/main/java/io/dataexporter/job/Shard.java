package io.dataexporter.job;

import java.time.Instant;
import java.util.UUID;

/**
 * One slice of one dataset of an export: rows with time in [rangeStart, rangeEnd); a null bound is
 * open. Shards of a dataset are numbered by {@code seq} in time order. {@code epoch} is the plan it
 * belongs to; {@code attempts} only goes up (a retry moves {@code attemptsBase} instead of
 * resetting it), so an attempt number names one run of the shard for good.
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
    int attemptsBase) {

  /** Attempts since the shard was last retried by a user: what the attempt limit counts. */
  public int attemptsSinceRetry() {
    return attempts - attemptsBase;
  }
}
