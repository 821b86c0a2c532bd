package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to run now: the run and the export it made. */
@Schema(name = "ScheduleRunStarted", description = "The run made by run now, and its export")
public record StartedRun(
    @JsonProperty("export_id") @Schema(format = "uuid") String exportId,
    @JsonProperty("run_id") long runId) {}
