package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "export",
        "status",
        "list",
        "download",
        "estimate",
        "cancel",
        "retry",
        "delete",
        "templates",
        "cleanup",
        "schedules",
        "keys",
        "datasets"
      })
  void every_command_explains_itself_and_the_global_options(String command) {
    CliRun run = CliRun.run(command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: exporter-cli " + command).contains("--url", "--json");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "list",
        "show",
        "create",
        "update",
        "delete",
        "pause",
        "resume",
        "run",
        "backfill",
        "runs"
      })
  void every_schedules_subcommand_explains_itself_and_the_global_options(String command) {
    CliRun run = CliRun.run("schedules", command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: exporter-cli schedules " + command)
        .contains("--url", "--json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"show", "create", "delete"})
  void every_templates_subcommand_explains_itself(String command) {
    CliRun run = CliRun.run("templates", command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: exporter-cli templates " + command).contains("--url");
  }

  @ParameterizedTest
  @ValueSource(strings = {"add", "list", "show", "delete"})
  void every_keys_subcommand_explains_itself_and_the_global_options(String command) {
    CliRun run = CliRun.run("keys", command, "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Usage: exporter-cli keys " + command)
        .contains("--url", "--json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "help"})
  void the_top_level_help_lists_the_commands_and_the_exit_codes(String help) {
    CliRun run = CliRun.run(help);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("export", "download", "cleanup", "Exit codes:", "4  server");
  }
}
