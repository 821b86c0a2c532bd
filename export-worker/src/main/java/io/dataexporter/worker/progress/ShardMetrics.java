package io.dataexporter.worker.progress;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * Prometheus meters of the shard executor: shards by outcome, records and bytes written per data
 * type, and shard duration.
 */
public final class ShardMetrics {
  private final MeterRegistry registry;

  public ShardMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * @param outcome completed, retried or failed
   */
  public void shardFinished(String dataType, String outcome, Duration took) {
    Counter.builder("exporter.shards")
        .description("Shard attempts by outcome")
        .tag("data_type", dataType)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("exporter.shard.duration")
        .description("Time to stream and store one shard")
        .tag("data_type", dataType)
        .tag("outcome", outcome)
        .register(registry)
        .record(took);
  }

  public void written(String dataType, long records, long bytes) {
    Counter.builder("exporter.records.exported")
        .description("Records written to shard parts")
        .tag("data_type", dataType)
        .register(registry)
        .increment(records);
    Counter.builder("exporter.bytes.written")
        .description("Bytes of shard parts stored")
        .baseUnit("bytes")
        .tag("data_type", dataType)
        .register(registry)
        .increment(bytes);
  }
}
