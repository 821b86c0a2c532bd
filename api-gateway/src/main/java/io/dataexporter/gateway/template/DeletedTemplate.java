package io.dataexporter.gateway.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to deleting a template. */
@Schema(name = "DeletedTemplate")
public record DeletedTemplate(
    @JsonProperty("template_id")
        @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String templateId,
    @Schema(description = "always true", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean deleted) {}
