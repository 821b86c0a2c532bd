package io.dataexporter.cli.schedule;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** A subcommand about one schedule, given by its id, calling the schedule API. */
abstract class OnSchedule implements Callable<Integer> {
  final Session session;

  @Parameters(index = "0", paramLabel = "ID", description = "The schedule's id.")
  String scheduleId;

  OnSchedule(Session session) {
    this.session = session;
  }

  ExporterApi api() {
    return session.api().at(ExporterApi.SCHEDULES_PATH);
  }

  /** The schedule's path, plus {@code more} (e.g. "/pause"). */
  String path(String more) {
    return "/" + ExporterApi.segment(scheduleId) + more;
  }

  /** Prints the answer: the server's JSON, or {@code line} for people. */
  Integer done(JsonNode answer, String line) {
    if (session.json()) {
      session.printJson(answer);
    } else {
      session.out().println(line);
      session.out().flush();
    }
    return Exit.OK;
  }
}
