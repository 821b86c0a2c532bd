package io.dataexporter.cli.manage;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.DatasetText;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code status ID}: one export's status, counts and sizes. */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = {
      "Show an export's status, record counts and sizes.",
      "Exits 0 whatever the export's status; use --json to act on it."
    })
public final class StatusCommand implements Callable<Integer> {
  private final Session session;

  @Parameters(paramLabel = "ID", description = "The export's id.")
  String exportId;

  public StatusCommand(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode status = session.api().get("/" + ExporterApi.segment(exportId) + "/status");
    if (session.json()) {
      session.printJson(status);
      return Exit.OK;
    }
    PrintWriter out = session.out();
    line(out, "export", Text.field(status, "export_id"));
    line(out, "status", Text.field(status, "status"));
    line(out, "created", Text.time(Text.field(status, "created_at")));
    line(out, "started", Text.time(Text.field(status, "started_at")));
    line(out, "completed", Text.time(Text.field(status, "completed_at")));
    line(out, "data types", Text.list(status.path("data_types")));
    line(
        out,
        "format",
        Text.field(status, "output_format", "?")
            + Text.fileTreatment(
                status.path("config"), status.path("is_compressed").asBoolean(false)));
    DatasetText.lines(status.path("config")).forEach((name, value) -> line(out, name, value));
    JsonNode filters = status.path("config").path("filters");
    if (filters.isObject() && !filters.isEmpty()) {
      line(out, "filters", session.mapper().writeValueAsString(filters));
    }
    line(
        out,
        "records",
        status.path("total_records").asLong() + perType(status.path("record_counts"), false));
    line(
        out,
        "size",
        Text.bytes(status.path("total_size").asLong()) + perType(status.path("file_sizes"), true));
    for (Map.Entry<String, JsonNode> v : status.path("validation").properties()) {
      JsonNode figures = v.getValue();
      line(
          out,
          "validation",
          v.getKey()
              + ": "
              + Text.field(figures, "level", "?")
              + ", "
              + figures.path("checked").asLong()
              + " checked, "
              + figures.path("rejected").asLong()
              + " rejected");
    }
    String error = Text.field(status, "error_message");
    if (error != null) {
      line(out, "error", error);
    }
    out.flush();
    return Exit.OK;
  }

  private static String perType(JsonNode byType, boolean bytes) {
    if (byType.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(" (");
    for (Map.Entry<String, JsonNode> e : byType.properties()) {
      if (text.length() > 2) {
        text.append(", ");
      }
      long value = e.getValue().asLong();
      text.append(e.getKey()).append(' ').append(bytes ? Text.bytes(value) : value);
    }
    return text.append(')').toString();
  }

  private static void line(PrintWriter out, String name, String value) {
    out.printf("%-11s %s%n", name, value == null ? "-" : value);
  }
}
