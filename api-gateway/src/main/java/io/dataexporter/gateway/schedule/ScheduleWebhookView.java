package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.webhook.WebhookTarget;
import io.swagger.v3.oas.annotations.media.Schema;

/** Where a schedule's runs announce how they ended; the secret itself is never shown. */
@Schema(name = "ScheduleWebhook", description = "Where each run's end is announced")
public record ScheduleWebhookView(
    @Schema(format = "uri", requiredMode = Schema.RequiredMode.REQUIRED) String url,
    @JsonProperty("secret_set")
        @Schema(
            description = "whether deliveries are signed (X-Exporter-Signature)",
            requiredMode = Schema.RequiredMode.REQUIRED)
        boolean secretSet) {

  static ScheduleWebhookView of(WebhookTarget webhook) {
    return webhook == null
        ? null
        : new ScheduleWebhookView(webhook.url(), webhook.secret() != null);
  }
}
