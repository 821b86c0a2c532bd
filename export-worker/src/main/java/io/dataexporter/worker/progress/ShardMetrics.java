package io.dataexporter.worker.progress;

import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ValidationSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prometheus meters of the shard executor: shards by outcome, their duration, records and bytes
 * written per data type and format, records rejected per rule, and the shards this worker is
 * running now.
 */
public final class ShardMetrics {
  /** Histogram buckets of {@code exporter_shard_duration_seconds}. */
  static final Duration[] SHARD_BUCKETS = {
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30)
  };

  private final MeterRegistry registry;
  private final AtomicInteger inFlight = new AtomicInteger();

  /**
   * @param dataTypes the configured data types: their counters start at 0, so that the first
   *     increase after a restart is not lost to Prometheus' rate functions
   */
  public ShardMetrics(MeterRegistry registry, String workerId, Collection<String> dataTypes) {
    this.registry = registry;
    Gauge.builder("exporter.shards.in.flight", inFlight, AtomicInteger::get)
        .description("Shards this worker is running now")
        .tag("worker_id", workerId)
        .register(registry);
    for (String dataType : dataTypes) {
      for (OutputFormat format : OutputFormat.values()) {
        written(dataType, format.extension(), 0, 0, null);
      }
      validated(dataType, "valid", 0);
      validated(dataType, "rejected", 0);
    }
  }

  /** A shard attempt starts on this worker; {@link #shardFinished} ends it. */
  public void shardStarted() {
    inFlight.incrementAndGet();
  }

  /**
   * @param outcome completed, retried, failed (given up after the last attempt) or stopped
   *     (cancelled or taken over; not counted)
   */
  public void shardFinished(String dataType, String outcome, Duration took) {
    inFlight.decrementAndGet();
    if (outcome.equals("stopped")) {
      return;
    }
    Counter.builder("exporter.shards")
        .description("Shard attempts by outcome (failed: given up after the last attempt)")
        .tag("data_type", dataType)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("exporter.shard.duration")
        .description("Time to stream and store one shard")
        .tag("data_type", dataType)
        .tag("outcome", outcome)
        .serviceLevelObjectives(SHARD_BUCKETS)
        .register(registry)
        .record(took);
  }

  /** What a completed shard wrote, and what its validation rejected by rule. */
  public void written(
      String dataType, String format, long records, long bytes, ValidationSummary validation) {
    Counter.builder("exporter.records.exported")
        .description("Records written to shard parts")
        .tag("data_type", dataType)
        .tag("format", format)
        .register(registry)
        .increment(records);
    Counter.builder("exporter.bytes.written")
        .description("Bytes of shard parts stored")
        .tag("data_type", dataType)
        .tag("format", format)
        .register(registry)
        .increment(bytes);
    if (validation == null || validation.checked() == 0) {
      return;
    }
    validated(dataType, "valid", validation.valid());
    validated(dataType, "rejected", validation.rejected());
    validation
        .byRule()
        .forEach(
            (rule, n) ->
                Counter.builder("exporter.records.rejected")
                    .description("Records validation kept out of the data file, by broken rule")
                    .tag("data_type", dataType)
                    .tag("rule", rule)
                    .register(registry)
                    .increment(n));
  }

  /**
   * Where a completed shard's time went, in nanoseconds per stage (read, encode, compress, upload):
   * {@code exporter_shard_stage_seconds_total}.
   */
  public void stages(
      String dataType, boolean copyPath, long read, long encode, long compress, long upload) {
    Counter.builder("exporter.shard.paths")
        .description(
            "Completed shards by how their rows were read: copy (COPY fast path) or general")
        .tag("data_type", dataType)
        .tag("path", copyPath ? "copy" : "general")
        .register(registry)
        .increment();
    stage(dataType, "read", read);
    stage(dataType, "encode", encode);
    stage(dataType, "compress", compress);
    stage(dataType, "upload", upload);
  }

  private void stage(String dataType, String stage, long nanos) {
    Counter.builder("exporter.shard.stage.seconds")
        .description(
            "Time of completed shards by stage: database read, encode, compress, upload wait")
        .tag("data_type", dataType)
        .tag("stage", stage)
        .register(registry)
        .increment(nanos / 1e9);
  }

  /** Each checked record once: the share of rejected records derives from it. */
  private void validated(String dataType, String result, long n) {
    Counter.builder("exporter.records.validated")
        .description("Records checked by validation, by result (each record counted once)")
        .tag("data_type", dataType)
        .tag("result", result)
        .register(registry)
        .increment(n);
  }
}
