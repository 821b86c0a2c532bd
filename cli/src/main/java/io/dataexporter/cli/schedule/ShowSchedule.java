package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.DatasetText;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code schedules show ID}: one schedule, its timing, its export and its last run. */
@Command(
    mixinStandardHelpOptions = true,
    name = "show",
    description = "Show a schedule: timing, export, webhook and last run.")
final class ShowSchedule extends OnSchedule {
  ShowSchedule(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    JsonNode schedule = api().get(path(""));
    if (session.json()) {
      session.printJson(schedule);
      return Exit.OK;
    }
    PrintWriter out = session.out();
    line(out, "schedule", Text.field(schedule, "schedule_id"));
    line(out, "name", Text.field(schedule, "name"));
    line(out, "owner", Text.field(schedule, "owner"));
    line(
        out,
        "cron",
        Text.field(schedule, "cron", "?") + " (" + Text.field(schedule, "timezone", "?") + ")");
    line(out, "mode", ScheduleText.mode(schedule));
    line(out, "lag", Text.field(schedule, "lag"));
    line(out, "misfire", Text.field(schedule, "misfire"));
    line(out, "start date", Text.field(schedule, "start_date"));
    line(out, "enabled", schedule.path("enabled").asBoolean(false) ? "yes" : "no (paused)");
    line(out, "next run", Text.time(Text.field(schedule, "next_run_at")));
    JsonNode export = schedule.path("export");
    line(out, "data types", Text.list(export.path("data_types")));
    line(
        out,
        "format",
        Text.field(export, "output_format", "json") + Text.fileTreatment(export, false));
    DatasetText.lines(export).forEach((name, value) -> line(out, name, value));
    JsonNode filters = export.path("filters");
    if (filters.isObject() && !filters.isEmpty()) {
      line(out, "filters", session.mapper().writeValueAsString(filters));
    }
    JsonNode webhook = schedule.path("webhook");
    if (webhook.isObject()) {
      line(
          out,
          "webhook",
          Text.field(webhook, "url", "?")
              + (webhook.path("secret_set").asBoolean(false) ? " (signed)" : ""));
    }
    JsonNode run = schedule.path("last_run");
    if (run.isObject()) {
      line(
          out,
          "last run",
          run.path("run_id").asLong()
              + " "
              + Text.field(run, "status", "?")
              + " fired "
              + Text.time(Text.field(run, "fire_time"))
              + " ("
              + Text.field(run, "trigger", "?")
              + "), export "
              + Text.field(run, "export_id", "-"));
    }
    line(out, "created", Text.time(Text.field(schedule, "created_at")));
    line(out, "updated", Text.time(Text.field(schedule, "updated_at")));
    out.flush();
    return Exit.OK;
  }

  private static void line(PrintWriter out, String name, String value) {
    out.printf("%-11s %s%n", name, value == null ? "-" : value);
  }
}
