package io.dataexporter.worker.webhook;

import io.dataexporter.webhook.WebhookDeliveryRepository;
import io.dataexporter.webhook.WebhookDeliveryRepository.Claimed;
import io.dataexporter.webhook.WebhookDeliveryRepository.Outcome;
import io.dataexporter.webhook.WebhookProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every worker polls for due webhook deliveries, claims a batch (rows another worker is claiming
 * are skipped, so one attempt is never sent twice), sends them at once and records each attempt: a
 * 2xx delivers, anything else (another status, a timeout, a refused destination) is tried again
 * after an exponential backoff until {@code exporter.webhooks.max-attempts}, then the delivery is
 * failed. A worker that dies mid-attempt leaves its claim to run out; the attempt is then made
 * again (at-least-once: receivers deduplicate by {@code X-Exporter-Delivery}).
 */
public class DeliverWebhooks {
  private static final Logger log = LoggerFactory.getLogger(DeliverWebhooks.class);

  /** Beyond the attempt's own timeout, how long a claim lasts before another worker may retry. */
  private static final Duration CLAIM_MARGIN = Duration.ofSeconds(30);

  private final WebhookDeliveryRepository deliveries;
  private final SendWebhook send;
  private final WebhookProperties properties;
  private final MeterRegistry registry;
  private final Clock clock;

  DeliverWebhooks(
      WebhookDeliveryRepository deliveries,
      SendWebhook send,
      WebhookProperties properties,
      MeterRegistry registry,
      Clock clock) {
    this.deliveries = deliveries;
    this.send = send;
    this.properties = properties;
    this.registry = registry;
    this.clock = clock;
    for (Outcome outcome : Outcome.values()) {
      counter(outcome); // from 0, so rates see the first one
    }
  }

  @Scheduled(
      fixedDelayString = "${exporter.webhooks.poll-interval:1s}",
      initialDelayString = "${exporter.webhooks.poll-interval:1s}")
  public void deliverDue() {
    try {
      while (deliverBatch() == properties.batchSize()) {
        // a full batch: there may be more due right now
      }
    } catch (RuntimeException e) {
      log.warn("webhook delivery round failed, will try again: {}", e.getMessage());
    }
  }

  /** Claims, sends and records one batch; answers how many were due. */
  int deliverBatch() {
    Instant now = clock.instant();
    List<Claimed> due =
        deliveries.claimDue(
            now,
            now.plus(properties.timeout().multipliedBy(2)).plus(CLAIM_MARGIN),
            properties.batchSize());
    CompletableFuture.allOf(
            due.stream()
                .map(d -> send.send(d).thenAccept(result -> record(d, result)))
                .toArray(CompletableFuture[]::new))
        .join();
    return due.size();
  }

  private void record(Claimed delivery, SendWebhook.Result result) {
    Instant at = clock.instant();
    Outcome outcome;
    Instant next = at;
    if (result.delivered()) {
      outcome = Outcome.DELIVERED;
    } else if (delivery.attempt() >= properties.maxAttempts()) {
      outcome = Outcome.FAILED;
    } else {
      outcome = Outcome.RETRY;
      next = at.plus(properties.backoffAfter(delivery.attempt()));
    }
    deliveries.recordAttempt(
        delivery.id(),
        delivery.attempt(),
        at,
        result.statusCode(),
        result.error(),
        result.durationMs(),
        outcome,
        next);
    counter(outcome).increment();
    switch (outcome) {
      case DELIVERED ->
          log.info(
              "webhook {} {} delivered to {} at attempt {}",
              delivery.id(),
              delivery.event(),
              host(delivery.url()),
              delivery.attempt());
      case RETRY ->
          log.info(
              "webhook {} attempt {} to {} failed ({}); trying again at {}",
              delivery.id(),
              delivery.attempt(),
              host(delivery.url()),
              result.error(),
              next);
      case FAILED ->
          log.warn(
              "webhook {} {} to {} failed after {} attempts: {}",
              delivery.id(),
              delivery.event(),
              host(delivery.url()),
              delivery.attempt(),
              result.error());
    }
  }

  /** The URL's scheme and host: its path and query often carry a token, which logs must not. */
  static String host(String url) {
    try {
      java.net.URI uri = java.net.URI.create(url);
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return "(unreadable URL)";
    }
  }

  private Counter counter(Outcome outcome) {
    String tag =
        switch (outcome) {
          case DELIVERED -> "delivered";
          case RETRY -> "retried";
          case FAILED -> "failed";
        };
    return Counter.builder("exporter.webhook.deliveries")
        .description(
            "Webhook delivery attempts by outcome: delivered, retried (will try again), failed (gave up)")
        .tag("outcome", tag.toLowerCase(Locale.ROOT))
        .register(registry);
  }
}
