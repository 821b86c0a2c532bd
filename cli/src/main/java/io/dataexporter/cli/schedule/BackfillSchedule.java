package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.Session;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code schedules backfill ID --start T --end T}: the runs a window schedule would have made. */
@Command(
    mixinStandardHelpOptions = true,
    name = "backfill",
    description = {
      "Queue one run per fire time whose window lies between --start and --end",
      "(window mode only; fire times that already ran are skipped)."
    })
final class BackfillSchedule extends OnSchedule {
  @Option(
      names = {"--start", "--start-date"},
      required = true,
      paramLabel = "TIME",
      description = "ISO-8601 with offset, e.g. 2024-01-01T00:00:00Z.")
  String start;

  @Option(
      names = {"--end", "--end-date"},
      required = true,
      paramLabel = "TIME",
      description = "ISO-8601 with offset.")
  String end;

  BackfillSchedule(Session session) {
    super(session);
  }

  @Override
  public Integer call() {
    ObjectNode body = session.mapper().createObjectNode();
    body.put("start_date", start);
    body.put("end_date", end);
    JsonNode answer = api().post(path("/backfill"), body);
    StringBuilder ids = new StringBuilder();
    answer.path("run_ids").forEach(id -> ids.append(ids.isEmpty() ? "" : ",").append(id.asLong()));
    long runs = answer.path("runs").asLong();
    return done(
        answer, runs + " run" + (runs == 1 ? "" : "s") + " queued" + (runs == 0 ? "" : ": " + ids));
  }
}
