package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.webhook.WebhookTarget;
import io.swagger.v3.oas.annotations.media.Schema;

/** Where an export's end is announced; the secret itself is never shown. */
@Schema(name = "Webhook", description = "Where the export's end is announced")
public record WebhookView(
    @Schema(format = "uri", requiredMode = Schema.RequiredMode.REQUIRED) String url,
    @JsonProperty("secret_set")
        @Schema(
            description = "whether deliveries are signed (X-Exporter-Signature)",
            requiredMode = Schema.RequiredMode.REQUIRED)
        boolean secretSet) {

  /** Null for null: no webhook. */
  public static WebhookView of(WebhookTarget target) {
    return target == null ? null : new WebhookView(target.url(), target.secretSet());
  }
}
