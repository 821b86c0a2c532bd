package io.dataexporter.gateway.schedule;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.export.ScheduleRunVisibility;
import io.dataexporter.gateway.export.ScheduleRunWindow;
import io.dataexporter.schedule.ScheduleRun;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/** One run of a schedule as the API shows it. */
@Schema(
    name = "ScheduleRun",
    description = "One run of a schedule: the export made for a fire time")
public record ScheduleRunView(
    @JsonProperty("run_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long runId,
    @JsonProperty("schedule_id")
        @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String scheduleId,
    @JsonProperty("export_id")
        @Schema(
            description = "null while the run waits",
            format = "uuid",
            types = {"string", "null"})
        String exportId,
    @JsonProperty("fire_time")
        @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED)
        String fireTime,
    @Schema(
            description = "cron: a fire time; manual: run now; backfill: a backfilled window",
            allowableValues = {"cron", "manual", "backfill"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String trigger,
    @Schema(
            description = "waiting until its export exists, then the export's status",
            allowableValues = {
              "waiting",
              "pending",
              "running",
              "finalizing",
              "completed",
              "failed",
              "cancelled"
            },
            requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
    @Schema(
            description = "window mode: the window it exports",
            types = {"object", "null"})
        ScheduleRunWindow window,
    @Schema(
            description = "incremental mode: the snapshots bounding what it exports",
            types = {"object", "null"})
        ScheduleRunVisibility visibility,
    @JsonProperty("record_counts")
        @Schema(description = "per data type, the records exported; empty until completed")
        Map<String, Long> recordCounts,
    @JsonProperty("error_message") @Schema(types = {"string", "null"}) String errorMessage,
    @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
    @JsonProperty("started_at")
        @Schema(
            description = "when its export was created",
            format = "date-time",
            types = {"string", "null"})
        String startedAt,
    @JsonProperty("finished_at")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String finishedAt) {

  static ScheduleRunView of(ScheduleRun run) {
    return run == null
        ? null
        : new ScheduleRunView(
            run.id(),
            run.scheduleId().toString(),
            run.exportId() == null ? null : run.exportId().toString(),
            run.fireTime().toString(),
            run.trigger(),
            run.status(),
            ScheduleRunWindow.of(run),
            ScheduleRunVisibility.of(run),
            run.recordCounts(),
            run.errorMessage(),
            text(run.createdAt()),
            text(run.startedAt()),
            text(run.finishedAt()));
  }

  static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
