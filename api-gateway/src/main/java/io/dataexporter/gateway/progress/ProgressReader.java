package io.dataexporter.gateway.progress;

import io.dataexporter.gateway.export.ExportView;
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

  public Map<String, Object> read(ExportJob job) {
    List<Shard> all = shards.listByExport(job.id());
    Map<Object, Object> live = redis.opsForHash().entries(ProgressKeys.shardRecords(job.id()));
    Map<String, Totals> byType = new LinkedHashMap<>();
    job.config().dataTypes().forEach(t -> byType.put(t, new Totals()));
    Totals overall = new Totals();
    List<Map<String, Object>> shardViews = new ArrayList<>();
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
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("shard_id", s.id());
      view.put("data_type", s.dataType());
      view.put("seq", s.seq());
      view.put("status", s.status().wire());
      view.put("worker_id", s.workerId());
      view.put("records", records);
      view.put("estimated_records", s.estimatedRows());
      view.put("attempts", s.attempts());
      view.put("range_start", s.rangeStart() == null ? null : s.rangeStart().toString());
      view.put("range_end", s.rangeEnd() == null ? null : s.rangeEnd().toString());
      view.put("started_at", s.startedAt() == null ? null : s.startedAt().toString());
      view.put("completed_at", s.completedAt() == null ? null : s.completedAt().toString());
      view.put("duration_ms", durationMillis(s));
      shardViews.add(view);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("export_id", job.id().toString());
    body.put("status", job.status().wire());
    body.put("percent", percent(job, overall));
    overall.putInto(body);
    Map<String, Object> types = new LinkedHashMap<>();
    byType.forEach(
        (type, totals) -> {
          Map<String, Object> t = new LinkedHashMap<>();
          totals.putInto(t);
          t.put("validation", ExportView.validationEntry(job, totals.validation));
          types.put(type, t);
        });
    body.put("data_types", types);
    body.put("shards", shardViews);
    body.put("error_message", job.errorMessage());
    return body;
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

    void putInto(Map<String, Object> target) {
      target.put("records_exported", exported);
      target.put("records_total", total);
      target.put("shards_total", shards);
      target.put("shards_completed", completed);
      target.put("shards_failed", failed);
    }
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
