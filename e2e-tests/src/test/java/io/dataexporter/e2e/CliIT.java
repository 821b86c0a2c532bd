package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The command-line client as users run it: the built jar ({@code cli/target/exporter-cli.jar}) in a
 * JVM of its own, against the running system, with its exit codes.
 */
class CliIT {
  static RunningSystem system;
  static Path jar;
  static String serverUrl;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    serverUrl = system.baseUrl.replace("/api/v1/export", "");
    // the cli module builds before this one (it is a test dependency); -Dexporter.cli.jar overrides
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    jar =
        Path.of(System.getProperty("exporter.cli.jar", basedir + "/../cli/target/exporter-cli.jar"))
            .toAbsolutePath()
            .normalize();
    assertThat(jar).as("the CLI jar; build it with ./mvnw package -pl cli").isRegularFile();
  }

  /** What one run of the CLI printed, and its exit code. */
  record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }
  }

  /** Runs the jar with the URL and the admin token in the environment, as a user would set them. */
  private Run cli(String... args) throws Exception {
    return cli(
        Map.of("EXPORTER_URL", serverUrl, "EXPORTER_TOKEN", RunningSystem.ADMIN_TOKEN), args);
  }

  private Run cli(Map<String, String> env, String... args) throws Exception {
    Process process = launch(env, args);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    // drained into files as they come, so neither pipe fills up and blocks the process
    Thread outCopy = copy(process.getInputStream(), out);
    Thread errCopy = copy(process.getErrorStream(), err);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the CLI finished").isTrue();
    outCopy.join();
    errCopy.join();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private Process launch(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("EXPORTER_URL");
    builder.environment().remove("EXPORTER_TOKEN");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static Thread copy(java.io.InputStream in, Path target) {
    Thread thread =
        new Thread(
            () -> {
              try (in) {
                Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    thread.start();
    return thread;
  }

  @Test
  void export_waits_downloads_and_every_file_matches_the_listing() throws Exception {
    Path target = dir.resolve("files");
    Run run =
        cli(
            "export",
            "logs,bad_logs",
            "--format",
            "jsonl",
            "--compression",
            "--validation-level",
            "basic",
            "--download",
            target.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.outLines().get(0);
    JsonNode status = system.parse(system.get("/" + id + "/status"));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    // stderr is no terminal here: plain progress lines, the last one at 100 %
    assertThat(run.err().lines().filter(l -> l.endsWith("shards done")).toList())
        .isNotEmpty()
        .last()
        .satisfies(l -> assertThat(l).startsWith("100% completed"));

    JsonNode listing = system.parse(system.get("/download/" + id));
    assertThat(listing.get("files").size()).as("logs, bad_logs and its rejected file").isEqualTo(3);
    for (JsonNode file : listing.get("files")) {
      Path saved = target.resolve(file.get("name").stringValue());
      assertThat(saved).isRegularFile();
      byte[] bytes = Files.readAllBytes(saved);
      assertThat((long) bytes.length).isEqualTo(file.get("size").longValue());
      assertThat(RunningSystem.sha256(bytes))
          .as("SHA-256 of " + saved)
          .isEqualTo(file.get("sha256").stringValue());
      assertThat(new String(Records.gunzip(bytes), StandardCharsets.UTF_8).lines().count())
          .as("records in " + saved)
          .isEqualTo(file.get("records").longValue());
      assertThat(run.out()).contains(saved.toString()).contains(file.get("sha256").stringValue());
    }
    assertThat(target.resolve("rejected/bad_logs.jsonl.gz")).isRegularFile();
    try (var files = Files.walk(target)) {
      assertThat(files.filter(f -> f.toString().endsWith(".part"))).isEmpty();
    }

    Run again = cli("download", id, dir.resolve("again").toString(), "--json");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(system.json.readTree(again.out()).get("files").size()).isEqualTo(3);
    assertThat(Files.readAllBytes(dir.resolve("again/logs.jsonl.gz")))
        .isEqualTo(Files.readAllBytes(target.resolve("logs.jsonl.gz")));
  }

  @Test
  void status_list_templates_and_delete_read_and_change_the_server() throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}");
    system.awaitFinished(id, Duration.ofMinutes(1));

    Run status = cli("status", id);
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out()).contains("status      completed").contains("format      csv");
    Run statusJson = cli("--json", "status", id);
    assertThat(system.json.readTree(statusJson.out()))
        .isEqualTo(system.parse(system.get("/" + id + "/status")));

    Run list = cli("list", "--limit", "1000");
    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.outLines().get(0)).startsWith("ID").contains("STATUS");
    assertThat(list.out()).contains(id);
    Run page = cli("list", "--json", "--limit", "2", "--offset", "1");
    JsonNode items = system.json.readTree(page.out());
    assertThat(items.get("limit").intValue()).isEqualTo(2);
    assertThat(items.get("offset").intValue()).isEqualTo(1);

    String name = "cli template " + java.util.UUID.randomUUID();
    system.post(
        "/templates", "{\"name\": \"" + name + "\", \"config\": {\"data_types\": [\"ips\"]}}");
    Run templates = cli("templates", "--limit", "1000");
    assertThat(templates.exitCode()).as(templates.err()).isZero();
    assertThat(templates.out()).contains(name);

    Run delete = cli("delete", id);
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(delete.out()).contains(id + " deleted");
    Run gone = cli("status", id);
    assertThat(gone.exitCode()).as("404: exit 1").isEqualTo(1);
    assertThat(gone.err()).contains("404");
  }

  @Test
  void a_schedule_is_created_run_now_and_its_run_listed() throws Exception {
    Path file = dir.resolve("schedule.json");
    Files.writeString(
        file,
        """
        {"cron": "0 2 * * *", "mode": "window", "window": "P1D",
         "export": {"data_types": ["ips"], "output_format": "csv"}}""");
    String name = "cli schedule " + java.util.UUID.randomUUID();
    Run created =
        cli(
            "schedules",
            "create",
            "--file",
            file.toString(),
            "--name",
            name,
            "--timezone",
            "Europe/Berlin");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String scheduleId = created.out().strip();
    assertThat(created.err()).contains("next runs at ");

    Run show = cli("schedules", "show", scheduleId);
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).contains("cron        0 2 * * * (Europe/Berlin)").contains(name);

    Run run = cli("schedules", "run", scheduleId, "--wait");
    assertThat(run.exitCode()).as(run.err()).isZero();
    String exportId = run.outLines().get(0);
    assertThat(run.err()).contains("export " + exportId + " completed");

    Run runs = cli("schedules", "runs", scheduleId);
    assertThat(runs.exitCode()).as(runs.err()).isZero();
    assertThat(runs.outLines().get(0)).contains("TRIGGER").contains("EXPORT");
    assertThat(runs.outLines().get(1)).contains("manual").contains("completed").endsWith(exportId);
    JsonNode page = system.json.readTree(cli("--json", "schedules", "runs", scheduleId).out());
    assertThat(page.get("total").intValue()).isEqualTo(1);
    assertThat(page.get("items").get(0).get("export_id").stringValue()).isEqualTo(exportId);

    Run list = cli("schedules", "list", "--limit", "1000");
    assertThat(list.out()).contains(scheduleId).contains(name);

    Run update = cli("schedules", "update", scheduleId, "--lag", "PT5M");
    assertThat(update.exitCode()).as(update.err()).isZero();
    assertThat(cli("schedules", "show", scheduleId).out())
        .contains("lag         PT5M")
        .contains("cron        0 2 * * * (Europe/Berlin)");
    // 02:00 in Berlin is 01:00 UTC in January: one whole window, 5 minutes before the fire time of
    // 2 January (the lag), fits
    Run backfill =
        cli(
            "schedules",
            "backfill",
            scheduleId,
            "--start",
            "2024-01-01T00:00:00Z",
            "--end",
            "2024-01-03T00:00:00Z");
    assertThat(backfill.exitCode()).as(backfill.err()).isZero();
    assertThat(backfill.out()).startsWith("1 run queued: ");
    assertThat(cli("schedules", "runs", scheduleId).outLines().get(1))
        .contains("2024-01-02T01:00:00Z  backfill")
        .contains("2024-01-01T00:55:00Z..2024-01-02T00:55:00Z");

    assertThat(cli("schedules", "pause", scheduleId).out().strip())
        .isEqualTo(scheduleId + " paused");
    assertThat(cli("schedules", "resume", scheduleId).out())
        .startsWith(scheduleId + " resumed, next run 20");
    Run delete = cli("schedules", "delete", scheduleId);
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    Run gone = cli("schedules", "show", scheduleId);
    assertThat(gone.exitCode()).as("404: exit 1").isEqualTo(1);
    assertThat(cli("status", exportId).exitCode()).as("its export stays").isZero();
  }

  @Test
  void an_export_that_fails_exits_1_and_says_why_and_retry_runs_it_again() throws Exception {
    // every all_bad record breaks a basic rule: the rejected share is over the limit
    Run run = cli("export", "all_bad", "--wait");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    String id = run.outLines().get(0);
    assertThat(run.err()).contains("export " + id + " failed: ").contains("rejected 2 of 2");

    Run retry = cli("retry", id);
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    assertThat(retry.out()).startsWith(id + " ");
    system.awaitFinished(id, Duration.ofMinutes(1));
  }

  @Test
  void an_export_cancelled_while_waited_for_exits_1() throws Exception {
    Map<String, String> env =
        Map.of("EXPORTER_URL", serverUrl, "EXPORTER_TOKEN", RunningSystem.ADMIN_TOKEN);
    Process waiting = launch(env, "export", "big_events", "--wait");
    Path err = dir.resolve("wait-err.txt");
    Thread errCopy = copy(waiting.getErrorStream(), err);
    String id;
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(waiting.getInputStream(), StandardCharsets.UTF_8))) {
      id = out.readLine();
      assertThat(id).as("the id comes first").isNotNull();
      Run cancel = cli("cancel", id);
      assertThat(cancel.exitCode()).as(cancel.err()).isZero();
      assertThat(cancel.out().strip()).isEqualTo(id + " cancelled");
      assertThat(waiting.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
    errCopy.join();
    assertThat(waiting.exitValue()).as(Files.readString(err)).isEqualTo(1);
    assertThat(Files.readString(err)).contains("export " + id + " cancelled");
  }

  @Test
  void a_bad_option_or_a_rejected_field_is_a_usage_error() throws Exception {
    Run option = cli("export", "logs", "--no-such-option");
    assertThat(option.exitCode()).isEqualTo(2);
    assertThat(option.err()).contains("--no-such-option");

    Run field = cli("export", "logs", "--batch-size", "0", "--format", "xml");
    assertThat(field.exitCode()).isEqualTo(2);
    assertThat(field.err())
        .contains("400")
        .contains("batch_size: must be an integer from 1 to 100000")
        .contains("output_format: ");

    Path notJson = dir.resolve("filters.json");
    Files.writeString(notJson, "not json");
    Run file = cli("export", "logs", "--filters", notJson.toString());
    assertThat(file.exitCode()).isEqualTo(2);
    assertThat(file.err()).contains("is not JSON");
  }

  @Test
  void a_wrong_token_or_a_missing_right_is_an_authentication_error() throws Exception {
    Run wrong = cli(Map.of("EXPORTER_URL", serverUrl, "EXPORTER_TOKEN", "not-a-token"), "list");
    assertThat(wrong.exitCode()).isEqualTo(3);
    assertThat(wrong.err()).contains("401");

    String userToken = system.newUser("cli")[1];
    Run forbidden = cli("cleanup", "--token", userToken);
    assertThat(forbidden.exitCode()).isEqualTo(3);
    assertThat(forbidden.err()).contains("403");
  }

  @Test
  void a_server_that_does_not_answer_is_unreachable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("EXPORTER_TOKEN", RunningSystem.ADMIN_TOKEN);
    Run run = cli(env, "--url", "http://127.0.0.1:" + port, "list");
    assertThat(run.exitCode()).isEqualTo(4);
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:" + port);
  }
}
