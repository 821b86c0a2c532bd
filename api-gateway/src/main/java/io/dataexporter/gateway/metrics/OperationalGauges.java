package io.dataexporter.gateway.metrics;

import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStats;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.messaging.Queues;
import io.dataexporter.storage.StorageProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * Gauges read from the system rather than counted: queue depth and consumers per queue, exports by
 * status, the age of the oldest unfinished export, and the bytes stored exports use (and the
 * configured capacity). Read at most once per {@link #MAX_AGE} however often Prometheus scrapes. A
 * gauge whose source is down reads NaN, which Prometheus drops.
 */
@Component
class OperationalGauges implements MeterBinder {
  private static final Logger log = LoggerFactory.getLogger(OperationalGauges.class);
  static final Duration MAX_AGE = Duration.ofSeconds(5);

  private final AmqpAdmin amqp;
  private final Queues queues;
  private final StorageProperties storage;
  private final Clock clock;
  private final Cached<Map<String, QueueInformation>> queueInfo;
  private final Cached<ExportStats> stats;
  private final Cached<Double> oldestActiveAge;

  OperationalGauges(
      AmqpAdmin amqp,
      ExportJobRepository jobs,
      Queues queues,
      StorageProperties storage,
      Clock clock) {
    this.amqp = amqp;
    this.queues = queues;
    this.storage = storage;
    this.clock = clock;
    this.queueInfo = new Cached<>(this::readQueues);
    this.stats = new Cached<>(jobs::stats);
    this.oldestActiveAge =
        new Cached<>(
            () ->
                jobs.oldestActiveCreatedAt()
                    .map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                    .orElse(0.0));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String queue : queueNames()) {
      gauge(
          registry,
          "exporter.queue.messages",
          "Messages ready in the queue",
          queueInfo,
          m -> m.containsKey(queue) ? m.get(queue).getMessageCount() : Double.NaN,
          "queue",
          queue);
      gauge(
          registry,
          "exporter.queue.consumers",
          "Consumers attached to the queue",
          queueInfo,
          m -> m.containsKey(queue) ? m.get(queue).getConsumerCount() : Double.NaN,
          "queue",
          queue);
    }
    for (ExportStatus status : ExportStatus.values()) {
      gauge(
          registry,
          "exporter.exports",
          "Stored export jobs by status",
          stats,
          s -> s.byStatus().getOrDefault(status.wire(), 0L),
          "status",
          status.wire());
    }
    gauge(
        registry,
        "exporter.export.oldest.active.seconds",
        "Age of the oldest pending, running or finalizing export (0: none)",
        oldestActiveAge,
        age -> age);
    Gauge.builder("exporter.storage.used", stats, c -> read(c, s -> s.totalSize()))
        .description("Bytes of the files of stored exports")
        .baseUnit("bytes")
        .register(registry);
    if (storage.capacity() != null) {
      Gauge.builder("exporter.storage.capacity", storage, p -> p.capacity().toBytes())
          .description("Configured capacity for exports in the object store")
          .baseUnit("bytes")
          .register(registry);
    }
  }

  private List<String> queueNames() {
    return List.of(
        queues.exportRequests(),
        queues.shardTasks(),
        queues.finalizeExports(),
        queues.deadLetters());
  }

  private Map<String, QueueInformation> readQueues() {
    Map<String, QueueInformation> info = new HashMap<>();
    for (String queue : queueNames()) {
      QueueInformation q = amqp.getQueueInfo(queue);
      if (q != null) {
        info.put(queue, q);
      }
    }
    return info;
  }

  private static <T> void gauge(
      MeterRegistry registry,
      String name,
      String description,
      Cached<T> source,
      ToDoubleFunction<T> value,
      String... tags) {
    Gauge.builder(name, source, c -> read(c, value))
        .description(description)
        .tags(tags)
        .register(registry);
  }

  private static <T> double read(Cached<T> source, ToDoubleFunction<T> value) {
    T current = source.get();
    return current == null ? Double.NaN : value.applyAsDouble(current);
  }

  /** A value read at most once per {@link #MAX_AGE}; null while its source fails. */
  private final class Cached<T> {
    private final Supplier<T> reader;
    private T value;
    private Instant readAt = Instant.MIN;

    Cached(Supplier<T> reader) {
      this.reader = reader;
    }

    synchronized T get() {
      Instant now = clock.instant();
      if (Duration.between(readAt, now).compareTo(MAX_AGE) < 0) {
        return value;
      }
      readAt = now;
      try {
        value = reader.get();
      } catch (RuntimeException e) {
        log.debug("gauge source unavailable: {}", e.getMessage());
        value = null;
      }
      return value;
    }
  }
}
