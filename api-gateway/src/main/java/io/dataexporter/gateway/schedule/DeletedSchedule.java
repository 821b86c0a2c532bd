package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to deleting a schedule: its runs go, their exports stay. */
@Schema(name = "DeletedSchedule")
public record DeletedSchedule(
    @JsonProperty("schedule_id") @Schema(format = "uuid") String scheduleId, boolean deleted) {}
