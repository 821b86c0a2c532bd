package io.dataexporter.job;

import java.time.Instant;

/**
 * A shard the planner wants, before it is stored.
 *
 * @param idHighWater the dataset's largest id when the export was planned; rows above it were
 *     inserted later and stay out of the export (null: no limit)
 * @param split the split whose rows the shard holds, or null without splits
 * @param sampleBelow the shard keeps only rows whose sample hash is below this ({@link RowHash});
 *     null without a sample
 */
public record ShardPlan(
    String dataType,
    int seq,
    Instant rangeStart,
    Instant rangeEnd,
    long estimatedRows,
    String partKey,
    Long idHighWater,
    String split,
    Long sampleBelow) {

  public ShardPlan(
      String dataType,
      int seq,
      Instant rangeStart,
      Instant rangeEnd,
      long estimatedRows,
      String partKey,
      Long idHighWater) {
    this(dataType, seq, rangeStart, rangeEnd, estimatedRows, partKey, idHighWater, null, null);
  }
}
