package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/v1/schedules/{id}/backfill}. */
@Schema(
    name = "BackfillRequest",
    description =
        "Every window of the schedule inside [start_date, end_date] gets a backfill run: each fire"
            + " time F with F - window - lag >= start_date and F - lag <= end_date (windows not"
            + " ended by now are left out)")
public record BackfillRequestBody(
    @JsonProperty("start_date")
        @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED)
        String startDate,
    @JsonProperty("end_date")
        @Schema(
            description = "after start_date",
            format = "date-time",
            requiredMode = Schema.RequiredMode.REQUIRED)
        String endDate) {}
