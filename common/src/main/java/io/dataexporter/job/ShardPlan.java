package io.dataexporter.job;

import java.time.Instant;

/**
 * A shard the planner wants, before it is stored.
 *
 * @param idHighWater the dataset's largest id when the export was planned; rows above it were
 *     inserted later and stay out of the export (null: no limit)
 */
public record ShardPlan(
    String dataType,
    int seq,
    Instant rangeStart,
    Instant rangeEnd,
    long estimatedRows,
    String partKey,
    Long idHighWater) {}
