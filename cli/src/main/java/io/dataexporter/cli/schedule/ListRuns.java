package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Pages;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Table;
import io.dataexporter.cli.console.Text;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code schedules runs ID}: a schedule's runs, newest first. */
@Command(
    mixinStandardHelpOptions = true,
    name = "runs",
    description = "List a schedule's runs, newest first, with their exports.")
final class ListRuns extends OnSchedule {
  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--offset",
      defaultValue = "0",
      description = "How many of the newest to skip (default: ${DEFAULT-VALUE}).")
  int offset;

  ListRuns(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    JsonNode page = api().get(path("/runs?limit=" + limit + "&offset=" + offset));
    if (session.json()) {
      session.printJson(page);
      return Exit.OK;
    }
    Table table = new Table(">RUN", "FIRE TIME", "TRIGGER", "STATUS", "READS", "RECORDS", "EXPORT");
    for (JsonNode run : page.path("items")) {
      table.row(
          Long.toString(run.path("run_id").asLong()),
          Text.time(Text.field(run, "fire_time")),
          Text.field(run, "trigger", "?"),
          Text.field(run, "status", "?"),
          ScheduleText.reads(run),
          ScheduleText.records(run.path("record_counts")),
          Text.field(run, "export_id", "-"));
    }
    table.print(session.out());
    Pages.footer(session, page);
    return Exit.OK;
  }
}
