package io.dataexporter.messaging;

import java.util.UUID;

/** One shard to execute; the shard row holds everything else. */
public record ShardTask(UUID exportId, long shardId) {}
