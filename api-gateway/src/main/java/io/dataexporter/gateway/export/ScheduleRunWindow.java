package io.dataexporter.gateway.export;

import io.dataexporter.schedule.ScheduleRun;
import io.swagger.v3.oas.annotations.media.Schema;

/** The time window a run of a window schedule exports, {@code [start, end)}. */
@Schema(name = "ScheduleRunWindow", description = "The half-open time window [start, end)")
public record ScheduleRunWindow(
    @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED) String start,
    @Schema(format = "date-time", requiredMode = Schema.RequiredMode.REQUIRED) String end) {

  /** Null for a run without a window (incremental mode). */
  public static ScheduleRunWindow of(ScheduleRun run) {
    return run.windowStart() == null
        ? null
        : new ScheduleRunWindow(run.windowStart().toString(), run.windowEnd().toString());
  }
}
