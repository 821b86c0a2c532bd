package io.dataexporter.gateway.template;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The optional body of running a template: another range; any other field is a 400 naming it. */
@Schema(
    name = "TemplateRunOverrides",
    additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RunOverrides(
    @JsonProperty("start_date")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String startDate,
    @JsonProperty("end_date")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String endDate) {}
