package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.Text;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** How schedules and their runs read in text output. */
final class ScheduleText {
  private ScheduleText() {}

  /** {@code window P1D} or {@code incremental}. */
  static String mode(JsonNode schedule) {
    String mode = Text.field(schedule, "mode", "?");
    String window = Text.field(schedule, "window");
    return window == null ? mode : mode + " " + window;
  }

  /** What a run reads: its window, or the visibility cut of an incremental run. */
  static String reads(JsonNode run) {
    JsonNode window = run.path("window");
    if (window.isObject()) {
      return Text.time(Text.field(window, "start")) + ".." + Text.time(Text.field(window, "end"));
    }
    JsonNode visibility = run.path("visibility");
    if (visibility.isObject()) {
      String after = Text.field(visibility, "after");
      return "after " + (after == null ? "start" : Text.time(after));
    }
    return "-";
  }

  /** A run's records in total and per data type: {@code 12 (logs 10, ips 2)}, or "-". */
  static String records(JsonNode counts) {
    if (!counts.isObject() || counts.isEmpty()) {
      return "-";
    }
    long total = 0;
    StringBuilder types = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : counts.properties()) {
      total += e.getValue().asLong();
      types.append(types.isEmpty() ? "" : ", ").append(e.getKey()).append(' ');
      types.append(e.getValue().asLong());
    }
    return total + " (" + types + ")";
  }
}
