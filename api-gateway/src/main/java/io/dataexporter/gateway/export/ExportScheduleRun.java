package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.schedule.ScheduleRun;
import io.swagger.v3.oas.annotations.media.Schema;

/** The schedule run an export was made for, as the export's views show it. */
@Schema(name = "ExportScheduleRun", description = "The schedule run that made the export")
public record ExportScheduleRun(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long runId,
    @JsonProperty("fire_time")
        @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED)
        String fireTime,
    @Schema(
            allowableValues = {"cron", "manual", "backfill"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String trigger,
    @Schema(
            description = "window mode: the window exported",
            types = {"object", "null"})
        ScheduleRunWindow window,
    @Schema(
            description = "incremental mode: the snapshots bounding it",
            types = {"object", "null"})
        ScheduleRunVisibility visibility) {

  /** Null for null. */
  public static ExportScheduleRun of(ScheduleRun run) {
    return run == null
        ? null
        : new ExportScheduleRun(
            run.id(),
            run.fireTime().toString(),
            run.trigger(),
            ScheduleRunWindow.of(run),
            ScheduleRunVisibility.of(run));
  }
}
