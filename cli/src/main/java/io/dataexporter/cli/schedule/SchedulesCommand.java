package io.dataexporter.cli.schedule;

import io.dataexporter.cli.console.Session;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code schedules SUBCOMMAND}: recurring exports ({@code /api/v1/schedules}). */
@Command(
    mixinStandardHelpOptions = true,
    name = "schedules",
    description = {
      "Manage schedules: exports made on a cron, of a time window or incrementally.",
      "See docs/cli.md and docs/api.md."
    })
public final class SchedulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private SchedulesCommand() {}

  /** {@code schedules} with its subcommands, each calling the API through {@code session}. */
  public static CommandLine commandLine(Session session) {
    return new CommandLine(new SchedulesCommand())
        .addSubcommand(new ListSchedules(session))
        .addSubcommand(new ShowSchedule(session))
        .addSubcommand(new SaveSchedule.Create(session))
        .addSubcommand(new SaveSchedule.Update(session))
        .addSubcommand(new ScheduleControls.Delete(session))
        .addSubcommand(new ScheduleControls.Pause(session))
        .addSubcommand(new ScheduleControls.Resume(session))
        .addSubcommand(new RunSchedule(session))
        .addSubcommand(new BackfillSchedule(session))
        .addSubcommand(new ListRuns(session));
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand");
  }
}
