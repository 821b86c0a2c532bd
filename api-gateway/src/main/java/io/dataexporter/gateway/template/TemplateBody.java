package io.dataexporter.gateway.template;

import io.dataexporter.gateway.export.ExportRequestBody;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body that saves or replaces a template, as the OpenAPI document describes it; {@code
 * TemplateController} checks it (the config through the export request parser, its errors named
 * {@code config.<field>}).
 */
@Schema(name = "TemplateRequest")
public record TemplateBody(
    @Schema(
            description = "unique per owner; leading and trailing blanks are dropped",
            minLength = 1,
            maxLength = 200,
            requiredMode = Schema.RequiredMode.REQUIRED)
        String name,
    @Schema(types = {"string", "null"}) String description,
    @Schema(
            description = "checked exactly like an export request",
            requiredMode = Schema.RequiredMode.REQUIRED)
        ExportRequestBody config) {}
