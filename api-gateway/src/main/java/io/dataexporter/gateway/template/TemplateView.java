package io.dataexporter.gateway.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.export.ExportConfigView;
import io.dataexporter.gateway.export.WebhookView;
import io.swagger.v3.oas.annotations.media.Schema;

/** A saved export configuration as the API shows it. */
@Schema(name = "Template")
public record TemplateView(
    @JsonProperty("template_id")
        @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String templateId,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(description = "the user who saved it") String owner,
    @Schema(types = {"string", "null"}) String description,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) ExportConfigView config,
    @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
    @JsonProperty("updated_at") @Schema(format = "date-time") String updatedAt,
    @Schema(
            description =
                "the config's webhook, applied to every export the template runs (null: none);"
                    + " the secret is never shown",
            types = {"object", "null"})
        WebhookView webhook) {

  static TemplateView of(ExportTemplate t) {
    return new TemplateView(
        t.id().toString(),
        t.name(),
        t.owner(),
        t.description(),
        ExportConfigView.of(t.config()),
        t.createdAt().toString(),
        t.updatedAt().toString(),
        WebhookView.of(t.webhook()));
  }
}
