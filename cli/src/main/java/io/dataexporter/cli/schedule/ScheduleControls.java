package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.Session;
import io.dataexporter.cli.console.Text;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code schedules delete|pause|resume ID}: one call each on one schedule. */
final class ScheduleControls {
  private ScheduleControls() {}

  @Command(
      mixinStandardHelpOptions = true,
      name = "delete",
      description = "Delete a schedule; the exports it made stay.")
  static final class Delete extends OnSchedule {
    Delete(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      return done(api().delete(path("")), scheduleId + " deleted");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "pause",
      description = "Stop a schedule firing until it is resumed.")
  static final class Pause extends OnSchedule {
    Pause(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      return done(api().post(path("/pause"), null), scheduleId + " paused");
    }
  }

  @Command(
      mixinStandardHelpOptions = true,
      name = "resume",
      description =
          "Let a paused schedule fire again, from now on (missed fire times are not run).")
  static final class Resume extends OnSchedule {
    Resume(Session session) {
      super(session);
    }

    @Override
    public Integer call() {
      JsonNode schedule = api().post(path("/resume"), null);
      return done(
          schedule,
          scheduleId + " resumed, next run " + Text.time(Text.field(schedule, "next_run_at")));
    }
  }
}
