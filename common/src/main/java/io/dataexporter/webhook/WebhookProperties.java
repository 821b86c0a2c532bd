package io.dataexporter.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook deliveries (workers) and the check of webhook URLs (gateway and workers).
 *
 * @param timeout how long one attempt may take, connecting included; longer counts as a failed
 *     attempt
 * @param backoff wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between two attempts
 * @param maxAttempts attempts at one delivery before it is {@code failed}
 * @param pollInterval how often each worker looks for due deliveries
 * @param batchSize deliveries one worker claims and sends at once
 * @param allowedHosts host names or addresses/CIDRs (e.g. {@code 127.0.0.1}, {@code 10.1.0.0/16})
 *     that a webhook may reach although they are loopback, private, link-local, unspecified or
 *     multicast; empty (the default) allows none of those
 */
@ConfigurationProperties("exporter.webhooks")
public record WebhookProperties(
    @DefaultValue("10s") Duration timeout,
    @DefaultValue("1s") Duration backoff,
    @DefaultValue("5m") Duration maxBackoff,
    @DefaultValue("8") int maxAttempts,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("10") int batchSize,
    @DefaultValue List<String> allowedHosts) {

  public WebhookProperties {
    allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
    if (maxAttempts < 1 || batchSize < 1) {
      throw new IllegalArgumentException(
          "exporter.webhooks.max-attempts and batch-size must be positive");
    }
    if (timeout.isNegative() || timeout.isZero() || backoff.isNegative()) {
      throw new IllegalArgumentException(
          "exporter.webhooks.timeout must be positive and backoff not negative");
    }
    if (maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("exporter.webhooks.max-backoff must be >= backoff");
    }
    // the CIDRs are checked here, so a typo stops the start instead of allowing nothing
    WebhookDestinations.parseAllowList(allowedHosts);
  }

  /** The wait after failed attempt number {@code attempt} (1 = the first). */
  public Duration backoffAfter(int attempt) {
    Duration wait = backoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
