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
    assertThat(listing.get("files").size())
        .as("logs, bad_logs and its rejected file, README.md and schema.json")
        .isEqualTo(5);
    for (JsonNode file : listing.get("files")) {
      if (file.get("data_type").isNull()) {
        assertThat(target.resolve(file.get("name").stringValue())).isRegularFile();
        continue; // the data card and schema.json
      }
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
    assertThat(system.json.readTree(again.out()).get("files").size()).isEqualTo(5);
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

  /** The ids of public.logs rows {@code where} selects, as the export's JSON shows them. */
  private static java.util.Set<Long> logIds(String where) throws Exception {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    try (java.sql.Connection c = system.services.connect();
        java.sql.Statement s = c.createStatement();
        java.sql.ResultSet rows = s.executeQuery("SELECT id FROM public.logs WHERE " + where)) {
      while (rows.next()) {
        ids.add(rows.getLong(1));
      }
    }
    return ids;
  }

  /** Runs a tool (zstd, gpg) to its end and returns its stdout; it must exit 0. */
  private byte[] tool(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    Path err = Files.createTempFile(dir, "tool", ".err");
    Thread errCopy = copy(process.getErrorStream(), err);
    byte[] out = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    errCopy.join();
    assertThat(process.exitValue())
        .as(String.join(" ", command) + ": " + Files.readString(err))
        .isZero();
    return out;
  }

  @Test
  void a_filtered_zstd_export_holds_exactly_the_rows_the_same_filter_selects_in_sql()
      throws Exception {
    Path target = dir.resolve("zstd");
    Run run =
        cli(
            "export",
            "logs",
            "--format",
            "jsonl",
            "--filter",
            "level in ERROR,WARN",
            "--filter",
            "pid>=0",
            "--compression",
            "zstd",
            "--compression-level",
            "3",
            "--download",
            target.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.outLines().get(0);
    Path file = target.resolve("logs.jsonl.zst");
    assertThat(file).isRegularFile();
    String text = new String(tool("zstd", "-d", "-c", file.toString()), StandardCharsets.UTF_8);
    java.util.Set<Long> exported = new java.util.HashSet<>();
    for (String line : text.lines().toList()) {
      JsonNode record = system.json.readTree(line);
      assertThat(record.get("level").stringValue()).isIn("ERROR", "WARN");
      assertThat(record.get("pid").longValue()).isNotNegative();
      exported.add(record.get("id").longValue());
    }
    assertThat(exported).isNotEmpty().isEqualTo(logIds("level IN ('ERROR', 'WARN') AND pid >= 0"));

    assertThat(cli("status", id).out()).contains("format      jsonl (zstd)").contains("filters ");
    assertThat(system.json.readTree(cli("--json", "status", id).out()).at("/config/filters"))
        .isEqualTo(
            system.json.readTree(
                "{\"level\": {\"in\": [\"ERROR\", \"WARN\"]}, \"pid\": {\"gte\": 0}}"));
  }

  @Test
  void per_type_filters_json_paths_within_and_is_null_reach_the_server() throws Exception {
    Run run =
        cli(
            "--json",
            "export",
            "logs",
            "ips",
            "--filter",
            "logs.source_ip within 10.0.0.0/8",
            "--filter",
            "logs.metadata.k = v",
            "--filter",
            "ips.country is_not_null",
            "--wait");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode status = system.json.readTree(run.out());
    assertThat(status.get("config").get("filters"))
        .isEqualTo(
            system.json.readTree(
                """
                {"logs": {"source_ip": {"within": "10.0.0.0/8"}, "metadata.k": {"eq": "v"}},
                 "ips": {"country": {"is_null": false}}}"""));
    assertThat(status.get("record_counts").get("logs").longValue())
        .isEqualTo(logIds("source_ip <<= '10.0.0.0/8'::inet AND metadata->>'k' = 'v'").size());
  }

  @Test
  void a_filter_the_server_refuses_is_a_usage_error_naming_the_field() throws Exception {
    Run unknown = cli("export", "logs", "--filter", "no_such_column = 1");
    assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(2);
    assertThat(unknown.err()).contains("400").contains("filters.no_such_column");

    Run mismatch = cli("export", "logs", "--filter", "pid = many");
    assertThat(mismatch.exitCode()).as(mismatch.err()).isEqualTo(2);
    assertThat(mismatch.err()).contains("filters.logs.pid");

    Run level = cli("export", "logs", "--compression", "gzip", "--compression-level", "12");
    assertThat(level.exitCode()).as(level.err()).isEqualTo(2);
    assertThat(level.err()).contains("compression_level");

    Run syntax = cli("export", "logs", "--filter", "pid ~ 3");
    assertThat(syntax.exitCode()).isEqualTo(2);
    assertThat(syntax.err()).contains("--filter").contains("unknown operator");
  }

  @Test
  void a_key_added_with_the_cli_encrypts_an_export_that_gpg_decrypts_to_the_plain_bytes()
      throws Exception {
    Path home = Files.createDirectories(dir.resolve("gnupg"));
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    String gpgHome = home.toString();
    try {
      encryptAndDecrypt(gpgHome);
    } finally {
      new ProcessBuilder("gpgconf", "--homedir", gpgHome, "--kill", "gpg-agent").start().waitFor();
    }
  }

  private void encryptAndDecrypt(String gpgHome) throws Exception {
    // a user of its own: the key list holds this key only, and the export is theirs
    Map<String, String> user =
        Map.of("EXPORTER_URL", serverUrl, "EXPORTER_TOKEN", system.newUser("cli-keys")[1]);
    tool(
        "gpg",
        "--batch",
        "--homedir",
        gpgHome,
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--quick-gen-key",
        "CLI Test <cli@example.com>",
        "default",
        "default",
        "never");
    Path publicKey = dir.resolve("cli.asc");
    Files.write(
        publicKey,
        tool("gpg", "--batch", "--homedir", gpgHome, "--armor", "--export", "cli@example.com"));

    Run added = cli(user, "keys", "add", publicKey.toString(), "--name", "cli test");
    assertThat(added.exitCode()).as(added.err()).isZero();
    String keyId = added.out().strip();
    assertThat(added.err()).contains("fingerprint ").contains("cli@example.com");
    JsonNode key = system.json.readTree(cli(user, "--json", "keys", "show", keyId).out());
    String fingerprint = key.get("fingerprint").stringValue();
    assertThat(cli(user, "keys", "list").out()).contains(keyId).contains(fingerprint);
    Run twice = cli(user, "keys", "add", publicKey.toString());
    assertThat(twice.exitCode()).as("409: exit 1").isEqualTo(1);
    Path notAKey = dir.resolve("not-a-key.asc");
    Files.writeString(notAKey, "hello");
    Run refused = cli(user, "keys", "add", notAKey.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("public_key");

    Path encrypted = dir.resolve("encrypted");
    Path plain = dir.resolve("plain");
    Run secret =
        cli(
            user,
            "export",
            "ips",
            "--format",
            "csv",
            "--csv-escape-formulas",
            "--encrypt-to",
            fingerprint,
            "--download",
            encrypted.toString());
    assertThat(secret.exitCode()).as(secret.err()).isZero();
    Run open =
        cli(
            user,
            "export",
            "ips",
            "--format",
            "csv",
            "--csv-escape-formulas",
            "--download",
            plain.toString());
    assertThat(open.exitCode()).as(open.err()).isZero();
    Path file = encrypted.resolve("ips.csv.pgp");
    assertThat(file).isRegularFile();
    byte[] decrypted =
        tool(
            "gpg",
            "--batch",
            "--homedir",
            gpgHome,
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            "",
            "--decrypt",
            file.toString());
    assertThat(decrypted).isEqualTo(Files.readAllBytes(plain.resolve("ips.csv")));
    assertThat(cli(user, "status", secret.outLines().get(0)).out())
        .contains("format      csv (OpenPGP)");

    Run deleted = cli(user, "keys", "delete", keyId);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.out().strip()).isEqualTo(keyId + " deleted");
    assertThat(cli(user, "keys", "list").out()).doesNotContain(keyId);
  }

  @Test
  void datasets_lists_each_columns_type_and_operators() throws Exception {
    Run run = cli("datasets", "logs");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.outLines().get(0)).startsWith("DATASET").contains("OPERATORS");
    assertThat(run.outLines())
        .anySatisfy(l -> assertThat(l).contains("source_ip").contains("inet").contains("within"))
        .anySatisfy(l -> assertThat(l).contains("timestamp").contains("time"))
        .allSatisfy(l -> assertThat(l).doesNotStartWith("ips "));
  }

  @Test
  void a_schedule_made_with_shaping_options_keeps_them() throws Exception {
    Path file = dir.resolve("shaped.json");
    Files.writeString(
        file,
        """
        {"cron": "0 3 * * *", "mode": "window", "window": "P1D",
         "export": {"data_types": ["logs"], "output_format": "csv"}}""");
    Run created =
        cli(
            "schedules",
            "create",
            "--file",
            file.toString(),
            "--name",
            "cli shaped " + java.util.UUID.randomUUID(),
            "--filter",
            "logs.level = ERROR",
            "--compression",
            "zstd",
            "--csv-escape-formulas");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String scheduleId = created.out().strip();
    Run show = cli("schedules", "show", scheduleId);
    assertThat(show.out())
        .contains("format      csv (zstd)")
        .contains("filters     {\"logs\":{\"level\":{\"eq\":\"ERROR\"}}}");

    Run update = cli("schedules", "update", scheduleId, "--filter", "logs.pid > 0");
    assertThat(update.exitCode()).as(update.err()).isZero();
    JsonNode export =
        system.json.readTree(cli("--json", "schedules", "show", scheduleId).out()).get("export");
    assertThat(export.get("filters"))
        .isEqualTo(
            system.json.readTree(
                "{\"logs\": {\"level\": {\"eq\": \"ERROR\"}, \"pid\": {\"gt\": 0}}}"));
    assertThat(export.get("csv_escape_formulas").booleanValue()).isTrue();
    assertThat(cli("schedules", "delete", scheduleId).exitCode()).isZero();
  }

  @Test
  void a_template_created_with_the_export_options_keeps_them() throws Exception {
    String name = "cli shaped template " + java.util.UUID.randomUUID();
    Run created =
        cli(
            "templates",
            "create",
            "--name",
            name,
            "ips",
            "--format",
            "csv",
            "--filter",
            "country is_not_null",
            "--compression",
            "zstd",
            "--compression-level",
            "5");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String templateId = created.out().strip();
    JsonNode template = system.parse(system.get("/templates/" + templateId));
    assertThat(template.get("config").get("filters"))
        .isEqualTo(system.json.readTree("{\"country\": {\"is_null\": false}}"));
    assertThat(template.get("config").get("compression").stringValue()).isEqualTo("zstd");
    assertThat(template.get("config").get("compression_level").intValue()).isEqualTo(5);
    assertThat(
            cli("templates", "--limit", "1000").outLines().stream()
                .filter(l -> l.contains(name))
                .findFirst()
                .orElseThrow())
        .contains("csv.zst");
    Run deleted = cli("templates", "delete", templateId);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(system.get("/templates/" + templateId).statusCode()).isEqualTo(404);
  }

  // ---- issue 17: datasets (Parquet, splits, samples, many files) through the CLI ----

  private static final String LOG_COLUMNS =
      "id, \"timestamp\", host, process, pid, level, message, source_ip, metadata";

  /**
   * Rows and the sum of ids of each split of public.logs, as PostgreSQL computes the split's keyed
   * hash ({@link io.dataexporter.job.RowHash}) over {@code host}.
   */
  private static Map<String, long[]> logsBySplit(io.dataexporter.job.Split split) throws Exception {
    Map<String, long[]> bySplit = new java.util.TreeMap<>();
    String sql =
        "SELECT count(*), coalesce(sum(id), 0) FROM (SELECT id, "
            + io.dataexporter.job.RowHash.sql("host")
            + " AS h FROM public.logs) t WHERE h >= ? AND h < ?";
    try (java.sql.Connection c = system.services.connect();
        java.sql.PreparedStatement s = c.prepareStatement(sql)) {
      for (String name : split.names()) {
        long[] range = split.range(name);
        s.setString(
            1, io.dataexporter.job.RowHash.prefix(io.dataexporter.job.RowHash.SPLIT, split.seed()));
        s.setLong(2, range[0]);
        s.setLong(3, range[1]);
        try (java.sql.ResultSet r = s.executeQuery()) {
          r.next();
          bySplit.put(name, new long[] {r.getLong(1), r.getLong(2)});
        }
      }
    }
    return bySplit;
  }

  /** Every regular file under {@code root}, as relative paths with forward slashes. */
  private static java.util.SortedSet<String> filesUnder(Path root) throws Exception {
    try (var walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile)
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  /** Runs {@code python3 -c script args...} offline for Hugging Face; returns exit and output. */
  private Run python(String script, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "-c", script));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("HF_HUB_OFFLINE", "1");
    builder.environment().put("HF_DATASETS_OFFLINE", "1");
    // a cache of its own: nothing of another run is reused, nothing is left in the user's home
    builder.environment().put("HF_HOME", dir.resolve("hf-home").toString());
    Process process = builder.start();
    Path out = Files.createTempFile(dir, "py", ".out");
    Path err = Files.createTempFile(dir, "py", ".err");
    Thread outCopy = copy(process.getInputStream(), out);
    Thread errCopy = copy(process.getErrorStream(), err);
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("python finished").isTrue();
    outCopy.join();
    errCopy.join();
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  @Test
  void a_parquet_split_export_downloads_into_a_folder_that_datasets_loads_by_split()
      throws Exception {
    Path target = dir.resolve("dataset");
    // seed "21" puts hosts into all three splits of the fixture (checked against SQL below)
    Run run =
        cli(
            "export",
            "logs",
            "--format",
            "parquet",
            "--split",
            "train=0.8,validation=0.1,test=0.1",
            "--split-key",
            "host",
            "--split-seed",
            "21",
            "--download",
            target.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.outLines().get(0);
    assertThat(run.outLines().get(1)).contains("FILE").contains("SPLIT").contains("PARTITION");

    io.dataexporter.job.Split split =
        new io.dataexporter.job.Split(
            Map.of("train", 0.8, "validation", 0.1, "test", 0.1), "host", "21");
    Map<String, long[]> expected = logsBySplit(split);
    assertThat(expected.values())
        .as("every split holds rows of the fixture")
        .allSatisfy(v -> assertThat(v[0]).isPositive());

    JsonNode listing = system.parse(system.get("/download/" + id));
    JsonNode manifest = system.json.readTree(Files.readString(target.resolve("manifest.json")));
    java.util.SortedSet<String> listed = new java.util.TreeSet<>(List.of("manifest.json"));
    Map<String, Long> listedRows = new java.util.TreeMap<>();
    for (JsonNode file : listing.get("files")) {
      String path = file.get("path").stringValue();
      listed.add(path);
      if (file.get("kind").stringValue().equals("data")) {
        String name = file.get("split").stringValue();
        assertThat(path).matches(name + "/logs/part-\\d{5}\\.parquet");
        assertThat(file.get("data_type").stringValue()).isEqualTo("logs");
        listedRows.merge(name, file.get("records").longValue(), Long::sum);
      }
    }
    assertThat(listed).contains("README.md", "schema.json");
    assertThat(filesUnder(target))
        .as("the folder holds the listing, nothing else")
        .isEqualTo(listed);

    // every file the manifest names is saved at its path, with the manifest's SHA-256
    java.util.SortedSet<String> inManifest = new java.util.TreeSet<>(List.of("manifest.json"));
    for (JsonNode file : manifest.get("files")) {
      String path = file.get("path").stringValue();
      inManifest.add(path);
      byte[] bytes = Files.readAllBytes(target.resolve(path));
      assertThat(RunningSystem.sha256(bytes))
          .as("SHA-256 of " + path)
          .isEqualTo(file.get("sha256").stringValue());
      assertThat((long) bytes.length).isEqualTo(file.get("bytes").longValue());
    }
    assertThat(inManifest).isEqualTo(listed);

    long total = manifest.get("total_records").longValue();
    assertThat(listedRows.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total);
    assertThat(total).isEqualTo(logIds("true").size());
    JsonNode perSplit = manifest.get("datasets").get("logs").get("rows_per_split");
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      assertThat(listedRows.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue()[0]);
      assertThat(perSplit.get(e.getKey()).longValue()).as(e.getKey()).isEqualTo(e.getValue()[0]);
    }

    // Hugging Face datasets reads the folder by its card: one split each, the rows of each
    String script =
        """
        import sys, json, datasets
        d = datasets.load_dataset(sys.argv[1])
        print(json.dumps({s: [d[s].num_rows, sum(d[s]["id"])] for s in d}))
        """;
    Run load = python(script, target.toString());
    assertThat(load.exitCode()).as(load.err()).isZero();
    JsonNode loaded = system.json.readTree(load.outLines().get(load.outLines().size() - 1));
    assertThat(loaded.size()).as(loaded.toString()).isEqualTo(3);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      JsonNode figures = loaded.get(e.getKey());
      assertThat(figures).as(e.getKey() + " in " + loaded).isNotNull();
      assertThat(figures.get(0).longValue()).as("rows of " + e.getKey()).isEqualTo(e.getValue()[0]);
      assertThat(figures.get(1).longValue()).as("ids of " + e.getKey()).isEqualTo(e.getValue()[1]);
    }

    assertThat(cli("status", id).out())
        .contains("format      parquet (snappy)")
        .contains("split       ")
        .contains("key host, seed 21");
  }

  @Test
  void size_limited_csv_gzip_files_land_in_day_folders_within_the_limit() throws Exception {
    Path target = dir.resolve("days");
    long limit = 20_000;
    Run run =
        cli(
            "export",
            "logs",
            "--format",
            "csv",
            "--compression",
            "gzip",
            "--max-file-size",
            "20KB",
            "--partition-by",
            "day",
            "--download",
            target.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    String id = run.outLines().get(0);

    JsonNode listing = system.parse(system.get("/download/" + id));
    java.util.regex.Pattern layout =
        java.util.regex.Pattern.compile("logs/date=(\\d{4}-\\d{2}-\\d{2})/part-\\d{5}\\.csv\\.gz");
    Map<String, List<Map<String, String>>> byDay = new java.util.TreeMap<>();
    Records.Columns columns;
    try (java.sql.Connection c = system.services.connect()) {
      columns = Records.query(c, "SELECT " + LOG_COLUMNS + " FROM public.logs LIMIT 0").columns();
    }
    int files = 0;
    for (JsonNode file : listing.get("files")) {
      if (!file.get("kind").stringValue().equals("data")) {
        continue;
      }
      files++;
      String path = file.get("path").stringValue();
      java.util.regex.Matcher m = layout.matcher(path);
      assertThat(m.matches()).as(path).isTrue();
      assertThat(file.get("partition").stringValue()).isEqualTo("date=" + m.group(1));
      Path saved = target.resolve(path);
      byte[] bytes = Files.readAllBytes(saved);
      assertThat((long) bytes.length).as("size of " + path).isLessThanOrEqualTo(limit);
      assertThat(RunningSystem.sha256(bytes)).isEqualTo(file.get("sha256").stringValue());
      List<Map<String, String>> rows = Records.fromCsv(Records.gunzip(bytes), columns);
      assertThat((long) rows.size())
          .as("records of " + path)
          .isEqualTo(file.get("records").longValue());
      byDay.computeIfAbsent(m.group(1), d -> new ArrayList<>()).addAll(rows);
    }
    assertThat(target.resolve("README.md")).isRegularFile();
    assertThat(target.resolve("manifest.json")).isRegularFile();

    // each day's folder holds exactly that UTC day's rows
    Map<String, List<Map<String, String>>> expected = new java.util.TreeMap<>();
    try (java.sql.Connection c = system.services.connect()) {
      for (Map<String, String> row :
          Records.query(c, "SELECT " + LOG_COLUMNS + " FROM public.logs ORDER BY id").rows()) {
        String day = row.get("timestamp").substring(0, 10);
        expected.computeIfAbsent(day, d -> new ArrayList<>()).add(row);
      }
    }
    assertThat(byDay.keySet()).isEqualTo(expected.keySet());
    assertThat(files).as("several files a day under a 20 KB limit").isGreaterThan(byDay.size());
    java.util.Comparator<Map<String, String>> byId =
        java.util.Comparator.comparingLong(r -> Long.parseLong(r.get("id")));
    for (String day : expected.keySet()) {
      List<Map<String, String>> got = new ArrayList<>(byDay.get(day));
      got.sort(byId);
      assertThat(got).as("rows of " + day).isEqualTo(expected.get(day));
    }
    assertThat(cli("status", id).out())
        .contains("format      csv (gzip)")
        .contains("files       at most 20KB each, in folders by day");
  }

  @Test
  void estimate_shares_the_rows_out_by_split_and_refuses_what_the_server_refuses()
      throws Exception {
    Run estimate =
        cli(
            "estimate",
            "logs",
            "--format",
            "parquet",
            "--split",
            "train=0.8,validation=0.1,test=0.1",
            "--split-key",
            "host");
    assertThat(estimate.exitCode()).as(estimate.err()).isZero();
    List<String> lines = estimate.outLines();
    assertThat(lines.get(0)).startsWith("TYPE").contains("RECORDS");
    long records = Long.parseLong(lines.get(1).trim().split("\\s+")[1]);
    assertThat(lines.get(1)).startsWith("logs ");
    assertThat(records).isPositive();
    int header =
        lines.indexOf(lines.stream().filter(l -> l.startsWith("SPLIT")).findFirst().orElseThrow());
    Map<String, Long> bySplit = new java.util.TreeMap<>();
    for (String line : lines.subList(header + 1, lines.size())) {
      String[] cells = line.trim().split("\\s+");
      assertThat(cells[1]).isEqualTo("logs");
      bySplit.put(cells[0], Long.parseLong(cells[2]));
    }
    assertThat(bySplit).containsOnlyKeys("train", "validation", "test");
    assertThat(bySplit.values().stream().mapToLong(Long::longValue).sum())
        .as("the splits' rows add up to the type's")
        .isEqualTo(records);
    JsonNode json =
        system.json.readTree(
            cli("--json", "estimate", "logs", "--split", "train=0.8,validation=0.1,test=0.1")
                .out());
    assertThat(json.get("splits").get("train").get("logs").longValue())
        .isEqualTo(bySplit.get("train"));

    // both kinds of sample: a usage error before anything is sent (the URL answers nothing)
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> nowhere =
        Map.of("EXPORTER_URL", "http://127.0.0.1:" + port, "EXPORTER_TOKEN", "t");
    for (String command : List.of("estimate", "export")) {
      Run both = cli(nowhere, command, "logs", "--sample-fraction", "0.1", "--sample-rows", "100");
      assertThat(both.exitCode()).as(both.err()).isEqualTo(2);
      assertThat(both.err())
          .contains("--sample-fraction")
          .contains("--sample-rows")
          .doesNotContain("cannot reach");
    }

    // the server's rules, its 400 naming the field
    Run sum = cli("estimate", "logs", "--split", "train=0.8,test=0.1");
    assertThat(sum.exitCode()).as(sum.err()).isEqualTo(2);
    assertThat(sum.err()).contains("400").contains("split.ratios").contains("must sum to 1");
    Run key = cli("export", "logs", "--sample-fraction", "0.5", "--sample-key", "metadata");
    assertThat(key.exitCode()).as(key.err()).isEqualTo(2);
    assertThat(key.err()).contains("400").contains("sample.key");
    Run size = cli("export", "logs", "--max-file-size", "10B");
    assertThat(size.exitCode()).as(size.err()).isEqualTo(2);
    assertThat(size.err()).contains("400").contains("max_file_size");
  }

  @Test
  void a_template_and_a_schedule_made_with_the_dataset_options_echo_them() throws Exception {
    String name = "cli dataset template " + java.util.UUID.randomUUID();
    Run created =
        cli(
            "templates",
            "create",
            "--name",
            name,
            "logs",
            "--format",
            "parquet",
            "--compression",
            "zstd",
            "--max-file-size",
            "64MB",
            "--partition-by",
            "month",
            "--sample-fraction",
            "0.25",
            "--sample-seed",
            "s1",
            "--split",
            "train=0.9,test=0.1",
            "--split-key",
            "host",
            "--split-seed",
            "7");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String templateId = created.out().strip();
    Run show = cli("templates", "show", templateId);
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("name        " + name)
        .contains("format      parquet (zstd)")
        .contains("files       at most 64MB each, in folders by month")
        .contains("sample      fraction 0.25, seed s1")
        .contains("split       ")
        .contains("train=0.9")
        .contains("test=0.1")
        .contains(", key host, seed 7");
    JsonNode config = system.parse(system.get("/templates/" + templateId)).get("config");
    assertThat(system.json.readTree(cli("--json", "templates", "show", templateId).out()))
        .isEqualTo(system.parse(system.get("/templates/" + templateId)));
    assertThat(config.get("max_file_size").stringValue()).isEqualTo("64MB");
    assertThat(config.get("split").get("ratios"))
        .isEqualTo(system.json.readTree("{\"train\": 0.9, \"test\": 0.1}"));
    assertThat(cli("templates", "delete", templateId).exitCode()).isZero();

    Path file = dir.resolve("dataset-schedule.json");
    Files.writeString(
        file,
        """
        {"cron": "0 4 * * *", "mode": "window", "window": "P1D",
         "export": {"data_types": ["logs"], "output_format": "parquet",
                    "split": {"ratios": {"train": 0.8, "test": 0.2}, "key": "host"}}}""");
    Run schedule =
        cli(
            "schedules",
            "create",
            "--file",
            file.toString(),
            "--name",
            "cli dataset schedule " + java.util.UUID.randomUUID(),
            "--split-seed",
            "2027",
            "--sample-rows",
            "1000",
            "--max-file-size",
            "1000000",
            "--partition-by",
            "hour");
    assertThat(schedule.exitCode()).as(schedule.err()).isZero();
    String scheduleId = schedule.out().strip();
    assertThat(cli("schedules", "show", scheduleId).out())
        .contains("format      parquet (snappy)")
        .contains("files       at most 1000000 bytes each, in folders by hour")
        .contains("sample      rows 1000")
        .contains("split       test=0.2,train=0.8, key host, seed 2027");

    // an update with options only keeps what it does not name
    Run update =
        cli("schedules", "update", scheduleId, "--sample-fraction", "0.5", "--split-seed", "x");
    assertThat(update.exitCode()).as(update.err()).isZero();
    JsonNode export =
        system.json.readTree(cli("--json", "schedules", "show", scheduleId).out()).get("export");
    assertThat(export.get("sample").get("fraction").doubleValue()).isEqualTo(0.5);
    assertThat(export.get("sample").path("rows").isMissingNode()).as(export.toString()).isTrue();
    assertThat(export.get("split").get("ratios"))
        .isEqualTo(system.json.readTree("{\"train\": 0.8, \"test\": 0.2}"));
    assertThat(export.get("split").get("key").stringValue()).isEqualTo("host");
    assertThat(export.get("split").get("seed").stringValue()).isEqualTo("x");
    assertThat(export.get("max_file_size").longValue()).isEqualTo(1_000_000);
    assertThat(export.get("partition_by").stringValue()).isEqualTo("hour");
    assertThat(cli("schedules", "delete", scheduleId).exitCode()).isZero();
  }
}
