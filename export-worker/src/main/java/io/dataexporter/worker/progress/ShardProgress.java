package io.dataexporter.worker.progress;

import io.dataexporter.progress.ProgressKeys;
import java.time.Duration;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Publishes how many records a shard has written so far; failures here never stop an export. */
public final class ShardProgress {
  private final StringRedisTemplate redis;
  private final Duration ttl;

  public ShardProgress(StringRedisTemplate redis, Duration ttl) {
    this.redis = redis;
    this.ttl = ttl;
  }

  /** Announces that the export's status changed (planned, finalized, failed). */
  public void changed(UUID exportId) {
    try {
      redis.convertAndSend(ProgressKeys.EVENTS_CHANNEL, exportId.toString());
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ShardProgress.class)
          .warn("event for export {} not published: {}", exportId, e.getMessage());
    }
  }

  public void report(UUID exportId, long shardId, long records) {
    try {
      String key = ProgressKeys.shardRecords(exportId);
      redis.opsForHash().put(key, Long.toString(shardId), Long.toString(records));
      redis.expire(key, ttl);
      redis.convertAndSend(ProgressKeys.EVENTS_CHANNEL, exportId.toString());
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(ShardProgress.class)
          .warn("progress update for export {} failed: {}", exportId, e.getMessage());
    }
  }
}
