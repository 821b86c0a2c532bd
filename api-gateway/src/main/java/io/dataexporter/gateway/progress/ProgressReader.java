package io.dataexporter.gateway.progress;

import io.dataexporter.gateway.export.ValidationView;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.progress.ProgressKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Builds the live progress of an export: shard rows from Postgres (status, worker, final counts)
 * plus the running shards' counters from Redis. The percent goes through a high-water mark in Redis
 * so that a re-run shard never makes it go backwards.
 */
public final class ProgressReader {
  private static final RedisScript<Long> HIGH_WATER =
      RedisScript.of(
          """
      local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
      local value = tonumber(ARGV[1])
      if value > current then
        redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
        return value
      end
      return current
      """,
          Long.class);

  private final ShardRepository shards;
  private final StringRedisTemplate redis;
  private final Duration ttl;

  public ProgressReader(ShardRepository shards, StringRedisTemplate redis, Duration ttl) {
    this.shards = shards;
    this.redis = redis;
    this.ttl = ttl;
  }

  public ProgressView read(ExportJob job) {
    List<Shard> all = shards.listByExport(job.id());
    Map<Object, Object> live = redis.opsForHash().entries(ProgressKeys.shardRecords(job.id()));
    Map<String, Totals> byType = new LinkedHashMap<>();
    job.config().dataTypes().forEach(t -> byType.put(t, new Totals()));
    Totals overall = new Totals();
    List<ProgressView.ShardProgress> shardViews = new ArrayList<>();
    for (Shard s : all) {
      long records =
          s.status() == ShardStatus.COMPLETED && s.records() != null
              ? s.records()
              : Long.parseLong((String) live.getOrDefault(Long.toString(s.id()), "0"));
      long estimate =
          s.status() == ShardStatus.COMPLETED ? records : Math.max(records, s.estimatedRows());
      for (Totals t : List.of(overall, byType.computeIfAbsent(s.dataType(), k -> new Totals()))) {
        t.add(s.status(), records, estimate, s.validation());
      }
      shardViews.add(
          new ProgressView.ShardProgress(
              s.id(),
              s.dataType(),
              s.seq(),
              s.status().wire(),
              s.workerId(),
              records,
              s.estimatedRows(),
              s.attempts(),
              text(s.rangeStart()),
              text(s.rangeEnd()),
              text(s.startedAt()),
              text(s.completedAt()),
              durationMillis(s)));
    }
    Map<String, ProgressView.TypeProgress> types = new LinkedHashMap<>();
    byType.forEach(
        (type, totals) ->
            types.put(
                type,
                new ProgressView.TypeProgress(
                    totals.exported,
                    totals.total,
                    totals.shards,
                    totals.completed,
                    totals.failed,
                    ValidationView.of(job, totals.validation))));
    return new ProgressView(
        job.id().toString(),
        job.status().wire(),
        percent(job, overall),
        overall.exported,
        overall.total,
        overall.shards,
        overall.completed,
        overall.failed,
        types,
        shardViews,
        job.errorMessage());
  }

  private long percent(ExportJob job, Totals overall) {
    long value;
    if (job.status() == ExportStatus.COMPLETED) {
      value = 100;
    } else if (overall.total == 0) {
      value = 0;
    } else {
      // 100 is reserved for a completed export: files are assembled after the last record
      value = Math.min(99, overall.exported * 100 / overall.total);
    }
    Long kept =
        redis.execute(
            HIGH_WATER,
            List.of(ProgressKeys.percentHighWater(job.id())),
            Long.toString(value),
            Long.toString(ttl.toSeconds()));
    return kept == null ? value : kept;
  }

  private static final class Totals {
    long exported;
    long total;
    int shards;
    int completed;
    int failed;
    ValidationSummary validation = ValidationSummary.EMPTY;

    void add(ShardStatus status, long records, long estimate, ValidationSummary shardValidation) {
      validation = validation.plus(shardValidation);
      exported += records;
      total += estimate;
      shards++;
      if (status == ShardStatus.COMPLETED) {
        completed++;
      } else if (status == ShardStatus.FAILED) {
        failed++;
      }
    }
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  /** Run time of the shard's current attempt: to completion, or so far while it runs. */
  private static Long durationMillis(Shard s) {
    if (s.startedAt() == null) {
      return null;
    }
    Instant end =
        s.completedAt() != null
            ? s.completedAt()
            : s.status() == ShardStatus.RUNNING ? Instant.now() : null;
    return end == null ? null : Math.max(0, Duration.between(s.startedAt(), end).toMillis());
  }
}
