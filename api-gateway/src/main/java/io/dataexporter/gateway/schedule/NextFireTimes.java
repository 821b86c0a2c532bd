package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The next fire times of a cron in a time zone, for a form to show before saving. */
@Schema(name = "NextFireTimes")
public record NextFireTimes(
    @JsonProperty("fire_times")
        @ArraySchema(
            arraySchema = @Schema(description = "UTC instants, earliest first"),
            schema = @Schema(type = "string", format = "date-time"))
        List<String> fireTimes) {}
