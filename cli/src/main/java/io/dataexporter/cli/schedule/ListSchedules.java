package io.dataexporter.cli.schedule;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Pages;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code schedules list}: the caller's schedules (an admin's: everyone's). */
@Command(mixinStandardHelpOptions = true, name = "list", description = "List schedules.")
final class ListSchedules implements Callable<Integer> {
  private final Session session;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--offset",
      defaultValue = "0",
      description = "How many to skip (default: ${DEFAULT-VALUE}).")
  int offset;

  ListSchedules(Session session) {
    this.session = session;
  }

  @Override
  public Integer call() {
    JsonNode page =
        session.api().at(ExporterApi.SCHEDULES_PATH).get("?limit=" + limit + "&offset=" + offset);
    if (session.json()) {
      session.printJson(page);
      return Exit.OK;
    }
    Table table =
        new Table("ID", "NAME", "MODE", "CRON", "ZONE", "NEXT RUN", "LAST RUN", "ENABLED");
    for (JsonNode schedule : page.path("items")) {
      table.row(
          Text.field(schedule, "schedule_id", "?"),
          Text.field(schedule, "name", "?"),
          ScheduleText.mode(schedule),
          Text.field(schedule, "cron", "?"),
          Text.field(schedule, "timezone", "?"),
          Text.time(Text.field(schedule, "next_run_at")),
          Text.field(schedule.path("last_run"), "status", "-"),
          schedule.path("enabled").asBoolean(false) ? "yes" : "paused");
    }
    table.print(session.out());
    Pages.footer(session, page);
    return Exit.OK;
  }
}
