package io.dataexporter.job;

import java.time.Instant;

/** A shard the planner wants, before it is stored. */
public record ShardPlan(
    String dataType,
    int seq,
    Instant rangeStart,
    Instant rangeEnd,
    long estimatedRows,
    String partKey) {}
