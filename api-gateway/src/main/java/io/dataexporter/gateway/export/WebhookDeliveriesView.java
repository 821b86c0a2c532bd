package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.webhook.WebhookDelivery;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** An export's webhook deliveries, oldest first, each with its attempts. */
@Schema(name = "WebhookDeliveries")
public record WebhookDeliveriesView(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Delivery> items) {

  static WebhookDeliveriesView of(List<WebhookDelivery> deliveries) {
    return new WebhookDeliveriesView(deliveries.stream().map(Delivery::of).toList());
  }

  /** One announcement of the export's end (one per time it entered completed/failed/cancelled). */
  @Schema(name = "WebhookDelivery")
  public record Delivery(
      @JsonProperty("delivery_id")
          @Schema(
              format = "uuid",
              description = "sent as X-Exporter-Delivery, the same on every attempt",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String deliveryId,
      @Schema(
              allowableValues = {"export.completed", "export.failed", "export.cancelled"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String event,
      @Schema(
              allowableValues = {"pending", "delivered", "failed"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String status,
      @Schema(description = "attempts started so far", requiredMode = Schema.RequiredMode.REQUIRED)
          int attempts,
      @Schema(format = "uri", requiredMode = Schema.RequiredMode.REQUIRED) String url,
      @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
      @JsonProperty("delivered_at")
          @Schema(
              format = "date-time",
              types = {"string", "null"})
          String deliveredAt,
      @JsonProperty("last_error")
          @Schema(
              description = "why the latest attempt failed (null once delivered)",
              types = {"string", "null"})
          String lastError,
      @JsonProperty("attempt_log") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          List<Attempt> attemptLog) {

    static Delivery of(WebhookDelivery d) {
      return new Delivery(
          d.id().toString(),
          d.event(),
          d.status(),
          d.attempts(),
          d.url(),
          ExportView.text(d.createdAt()),
          ExportView.text(d.deliveredAt()),
          d.lastError(),
          d.attemptLog().stream().map(Attempt::of).toList());
    }
  }

  /** One attempt: the receiver's status code, or the error that prevented an answer. */
  @Schema(name = "WebhookAttempt")
  public record Attempt(
      @Schema(description = "1 for the first", requiredMode = Schema.RequiredMode.REQUIRED)
          int attempt,
      @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED) String at,
      @JsonProperty("status_code") @Schema(types = {"integer", "null"}) Integer statusCode,
      @Schema(
              description = "timeout, refused destination or I/O error; null when answered",
              types = {"string", "null"})
          String error,
      @JsonProperty("duration_ms") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          long durationMs) {

    static Attempt of(WebhookDelivery.Attempt a) {
      return new Attempt(a.attempt(), a.at().toString(), a.statusCode(), a.error(), a.durationMs());
    }
  }
}
