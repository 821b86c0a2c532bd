package io.dataexporter.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One announcement of an export's end, and what became of it.
 *
 * @param id sent as {@code X-Exporter-Delivery}
 * @param event {@code export.completed}, {@code export.failed} or {@code export.cancelled}
 * @param status {@code pending}, {@code delivered} or {@code failed}
 * @param attempts attempts started so far
 * @param attemptLog every finished attempt, first first
 */
public record WebhookDelivery(
    UUID id,
    UUID exportId,
    String event,
    String url,
    String status,
    int attempts,
    Instant createdAt,
    Instant deliveredAt,
    String lastError,
    List<Attempt> attemptLog) {

  /** Where a delivery is: waiting for its next attempt, or finished one way or the other. */
  public enum Status {
    PENDING,
    DELIVERED,
    FAILED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * One attempt: the receiver's status code, or an error (timeout, refused destination, I/O).
   *
   * @param attempt 1 for the first
   */
  public record Attempt(
      int attempt, Instant at, Integer statusCode, String error, long durationMs) {}
}
