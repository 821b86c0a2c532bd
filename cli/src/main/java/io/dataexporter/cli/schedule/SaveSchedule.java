package io.dataexporter.cli.schedule;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.Exit;
import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import io.dataexporter.cli.console.UsageProblem;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code schedules create} and {@code schedules update ID}: the whole schedule, sent as JSON. */
final class SaveSchedule {
  /** The fields of a schedule's view that are also fields of its request body. */
  private static final List<String> REQUEST_FIELDS =
      List.of(
          "name",
          "cron",
          "timezone",
          "mode",
          "window",
          "lag",
          "misfire",
          "export",
          "enabled",
          "start_date");

  private SaveSchedule() {}

  /** Prints the saved schedule: its id on stdout (the JSON with --json), its next run on stderr. */
  static Integer print(Session session, JsonNode saved) {
    if (session.json()) {
      session.printJson(saved);
      return Exit.OK;
    }
    session.out().println(Text.field(saved, "schedule_id", "?"));
    session.out().flush();
    session
        .err()
        .println(
            "schedule \""
                + Text.field(saved, "name", "?")
                + "\" "
                + (saved.path("enabled").asBoolean(false)
                    ? "next runs at " + Text.time(Text.field(saved, "next_run_at"))
                    : "is paused"));
    session.err().flush();
    return Exit.OK;
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "create",
      description = {
        "Create a schedule from a JSON file (the request body) and/or options, and print its id.",
        "The options set or override the file's fields."
      })
  static final class Create implements Callable<Integer> {
    private final Session session;

    @Mixin ScheduleOptions options = new ScheduleOptions();

    Create(Session session) {
      this.session = session;
    }

    @Override
    public Integer call() {
      if (options.file == null && !options.anyField()) {
        throw new UsageProblem("give the schedule with --file FILE and/or its fields as options");
      }
      JsonNode saved =
          session
              .api()
              .at(ExporterApi.SCHEDULES_PATH)
              .post("", options.body(session.mapper(), null));
      return print(session, saved);
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "update",
      description = {
        "Replace a schedule: with --file, the file (and options) is the whole new schedule;",
        "with options only, the current schedule with those fields changed."
      })
  static final class Update extends OnSchedule {
    @Mixin ScheduleOptions options = new ScheduleOptions();

    Update(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      if (options.file == null && !options.anyField()) {
        throw new UsageProblem("give the new schedule with --file FILE and/or changed fields");
      }
      ObjectNode base = options.file == null ? currentBody() : null;
      JsonNode saved = api().put(path(""), options.body(session.mapper(), base));
      return print(session, saved);
    }

    /**
     * The current schedule as a request body. Its webhook goes back without a {@code secret} field,
     * so the server keeps the stored secret.
     */
    private ObjectNode currentBody() {
      JsonNode current = api().get(path(""));
      ObjectNode body = session.mapper().createObjectNode();
      for (String field : REQUEST_FIELDS) {
        JsonNode value = current.path(field);
        if (!value.isMissingNode() && !value.isNull()) {
          body.set(field, value);
        }
      }
      if (body.get("export") instanceof ObjectNode export) {
        // the view shows the export's dates as null; a schedule's export must not name them
        export.remove(List.of("start_date", "end_date", "webhook"));
      }
      JsonNode webhook = current.path("webhook");
      if (webhook.isObject()) {
        body.putObject("webhook").put("url", Text.field(webhook, "url", ""));
      }
      return body;
    }
  }
}
