package io.dataexporter.worker.webhook;

import io.dataexporter.webhook.WebhookDeliveryRepository.Claimed;
import io.dataexporter.webhook.WebhookDestinations;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One attempt at one delivery: checks the destination again (DNS may have changed since the export
 * was submitted), then POSTs the delivery's fixed body, signed when it has a secret. Redirects are
 * not followed (a 3xx is a failed attempt).
 */
final class SendWebhook {
  static final String EVENT_HEADER = "X-Exporter-Event";
  static final String DELIVERY_HEADER = "X-Exporter-Delivery";

  /**
   * What one attempt gave.
   *
   * @param statusCode the receiver's answer; null when there was none
   * @param error why there was no (2xx) answer; null when delivered
   */
  record Result(Integer statusCode, String error, long durationMs) {
    boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  private final HttpClient http;
  private final WebhookDestinations destinations;
  private final Duration timeout;

  SendWebhook(HttpClient http, WebhookDestinations destinations, Duration timeout) {
    this.http = http;
    this.destinations = destinations;
    this.timeout = timeout;
  }

  CompletableFuture<Result> send(Claimed delivery) {
    long start = System.nanoTime();
    Optional<String> refusal = destinations.refusal(delivery.url());
    if (refusal.isPresent()) {
      return CompletableFuture.completedFuture(
          new Result(null, "refused destination: webhook.url " + refusal.get(), 0));
    }
    byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(delivery.url()))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "data-exporter-webhooks")
            .header(EVENT_HEADER, delivery.event())
            .header(DELIVERY_HEADER, delivery.id().toString())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (delivery.secret() != null && !delivery.secret().isEmpty()) {
      request.header(WebhookSignature.HEADER, WebhookSignature.of(delivery.secret(), body));
    }
    CompletableFuture<HttpResponse<Void>> response;
    try {
      response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(
          new Result(null, "invalid request: " + e.getMessage(), 0));
    }
    return response
        // the request timeout covers the answer's headers; this bounds a body that never ends
        .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS)
        .handle(
            (answer, failure) -> {
              long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
              if (failure != null) {
                return new Result(null, describe(failure), ms);
              }
              int code = answer.statusCode();
              return new Result(
                  code, code >= 200 && code < 300 ? null : "answered HTTP " + code, ms);
            });
  }

  private String describe(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return "timed out after " + timeout.toMillis() + " ms";
    }
    if (cause instanceof ConnectException) {
      return "could not connect" + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
