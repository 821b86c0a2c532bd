package io.dataexporter.cli.export;

import io.dataexporter.cli.console.Text;
import java.io.PrintWriter;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Shows progress documents on stderr: on a terminal one bar redrawn in place, elsewhere (a log, a
 * pipe) one plain line whenever the status or the figures change.
 */
final class ProgressDisplay {
  private static final int BAR_WIDTH = 30;

  private final PrintWriter err;
  private final boolean terminal;
  private String lastSummary;
  private int drawnLength;

  ProgressDisplay(PrintWriter err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  void show(JsonNode progress) {
    long percent = Math.max(0, Math.min(100, progress.path("percent").asLong(0)));
    String summary =
        String.format(
            Locale.ROOT,
            "%3d%% %-10s %d/%d records, %d/%d shards done%s",
            percent,
            Text.field(progress, "status", "?"),
            progress.path("records_exported").asLong(0),
            progress.path("records_total").asLong(0),
            progress.path("shards_completed").asLong(0),
            progress.path("shards_total").asLong(0),
            progress.path("shards_failed").asLong(0) > 0
                ? ", " + progress.path("shards_failed").asLong() + " failed"
                : "");
    if (summary.equals(lastSummary)) {
      return;
    }
    lastSummary = summary;
    if (terminal) {
      int filled = (int) (percent * BAR_WIDTH / 100);
      String line = "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + summary;
      err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
      drawnLength = line.length();
    } else {
      err.println(summary);
    }
    err.flush();
  }

  /** A line of its own, below the bar if one is drawn. */
  void note(String message) {
    finish();
    err.println(message);
    err.flush();
  }

  /** Ends the bar's line. */
  void finish() {
    if (drawnLength > 0) {
      err.println();
      err.flush();
      drawnLength = 0;
    }
  }
}
