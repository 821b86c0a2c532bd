package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.schedule.ScheduleRun;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The snapshots an incremental run is bounded by: it exports the rows visible at its own snapshot
 * and not at its predecessor's.
 */
@Schema(
    name = "ScheduleRunVisibility",
    description =
        "Incremental runs: the rows visible at snapshot and not at after_snapshot (every row when"
            + " after_snapshot is null: the first run of a chain)")
public record ScheduleRunVisibility(
    @Schema(
            description = "when the predecessor's snapshot was taken",
            format = "date-time",
            types = {"string", "null"})
        String after,
    @JsonProperty("after_snapshot")
        @Schema(
            description = "the predecessor's snapshot, xmin:xmax:xip",
            types = {"string", "null"})
        String afterSnapshot,
    @Schema(
            description = "when this run's snapshot was taken (once completed)",
            format = "date-time",
            types = {"string", "null"})
        String at,
    @Schema(
            description = "this run's snapshot, xmin:xmax:xip (once completed)",
            types = {"string", "null"})
        String snapshot) {

  /** Null for a run with a window (window mode). */
  public static ScheduleRunVisibility of(ScheduleRun run) {
    if (run.windowStart() != null) {
      return null;
    }
    return new ScheduleRunVisibility(
        run.after() == null ? null : text(run.after().takenAt()),
        run.after() == null ? null : run.after().snapshot(),
        run.at() == null ? null : text(run.at().takenAt()),
        run.at() == null ? null : run.at().snapshot());
  }

  private static String text(java.time.Instant t) {
    return t == null ? null : t.toString();
  }
}
