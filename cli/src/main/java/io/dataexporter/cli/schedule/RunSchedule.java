package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import io.dataexporter.cli.export.ExportCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code schedules run ID [--wait]}: one run now, outside the cron. */
@Command(
    mixinStandardHelpOptions = true,
    name = "run",
    description = {
      "Run a schedule now and print the id of the export it started.",
      "--wait follows that export to its end, as export --wait does (exit 1 if it fails)."
    })
final class RunSchedule extends OnSchedule {
  @Option(
      names = "--wait",
      description = "Follow the export until it completes, fails or is cancelled.")
  boolean wait;

  RunSchedule(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    JsonNode started = api().post(path("/run"), null);
    String exportId = Text.field(started, "export_id");
    if (!session.json()) {
      session.out().println(exportId);
      session.out().flush();
      session.err().println("run " + started.path("run_id").asLong() + " of " + scheduleId);
      session.err().flush();
    }
    if (!wait) {
      if (session.json()) {
        session.printJson(started);
      }
      return Exit.OK;
    }
    return ExportCommand.followAndReport(session, exportId, null);
  }
}
