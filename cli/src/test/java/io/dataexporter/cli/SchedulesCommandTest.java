package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code schedules ...}: what each subcommand sends to {@code /api/v1/schedules} and prints. */
class SchedulesCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
  private static final String EXPORT_ID = "11111111-2222-3333-4444-555555555555";
  private static final String BASE = "/api/v1/schedules";
  private static final String RUN =
      """
      {"run_id": 17, "schedule_id": "%s", "export_id": "%s", "fire_time": "2026-11-29T01:00:00Z",
       "trigger": "cron", "status": "completed",
       "window": {"start": "2026-11-28T01:00:00Z", "end": "2026-11-29T01:00:00Z"},
       "visibility": null, "record_counts": {"logs": 10, "ips": 2}, "error_message": null,
       "created_at": "2026-11-29T01:00:00.5Z", "started_at": null, "finished_at": null}"""
          .formatted(ID, EXPORT_ID);
  private static final String SCHEDULE =
      """
      {"schedule_id": "%s", "name": "nightly logs", "owner": "alice", "cron": "0 2 * * *",
       "timezone": "Europe/Berlin", "mode": "window", "window": "P1D", "lag": "PT15M",
       "misfire": "run_once", "export": {"data_types": ["logs"], "output_format": "csv",
       "start_date": null, "end_date": null},
       "webhook": %s, "enabled": true, "start_date": null,
       "next_run_at": "2026-11-30T01:00:00Z", "last_run": %s,
       "created_at": "2026-11-28T10:00:00.123Z", "updated_at": "2026-11-28T10:00:00.123Z"}""";

  @TempDir Path dir;
  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String schedule(String webhook, String lastRun) {
    return SCHEDULE.formatted(ID, webhook, lastRun);
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  private JsonNode sent(String method) {
    return server.requests.stream()
        .filter(r -> r.method().equals(method))
        .map(r -> JSON.readTree(r.body()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void create_sends_the_file_with_the_options_set_on_it_and_prints_the_id() throws Exception {
    Path file = dir.resolve("schedule.json");
    Files.writeString(
        file,
        """
        {"name": "from the file", "cron": "0 2 * * *", "mode": "window", "window": "P1D",
         "export": {"data_types": ["logs"]}, "webhook": {"url": "https://hooks.example/x"}}""");
    server.json("POST", BASE, 201, schedule("null", "null"));

    CliRun run =
        run(
            "schedules",
            "create",
            "--file",
            file.toString(),
            "--name",
            "nightly logs",
            "--timezone",
            "Europe/Berlin",
            "--lag=PT15M",
            "--no-enabled");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(ID);
    assertThat(run.err()).contains("schedule \"nightly logs\" next runs at 2026-11-30T01:00:00Z");
    assertThat(sent("POST"))
        .isEqualTo(
            JSON.readTree(
                """
                {"name": "nightly logs", "cron": "0 2 * * *", "mode": "window", "window": "P1D",
                 "export": {"data_types": ["logs"]}, "webhook": {"url": "https://hooks.example/x"},
                 "timezone": "Europe/Berlin", "lag": "PT15M", "enabled": false}"""));
  }

  @Test
  void create_without_a_file_or_a_field_is_a_usage_error_and_sends_nothing() {
    CliRun run = run("schedules", "create");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--file");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void a_refused_field_is_a_usage_error_naming_it() {
    server.json(
        "POST",
        BASE,
        400,
        """
        {"title": "Invalid schedule", "status": 400,
         "errors": [{"field": "cron", "message": "a cron expression has 5 fields"}]}""");
    CliRun run = run("schedules", "create", "--name", "n", "--cron", "0 2 *", "--mode", "window");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("400 Invalid schedule").contains("  cron: a cron expression");
  }

  @Test
  void update_with_options_only_sends_the_current_schedule_with_them_changed() {
    server.json("GET", BASE + "/" + ID, 200, schedule("{\"url\": \"https://h.io\"}", RUN));
    server.json("PUT", BASE + "/" + ID, 200, schedule("null", RUN));

    CliRun run = run("schedules", "update", ID, "--cron", "@hourly", "--mode", "incremental");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent("PUT"))
        .isEqualTo(
            JSON.readTree(
                """
                {"name": "nightly logs", "cron": "@hourly", "timezone": "Europe/Berlin",
                 "mode": "incremental", "lag": "PT15M", "misfire": "run_once",
                 "export": {"data_types": ["logs"], "output_format": "csv"}, "enabled": true,
                 "webhook": {"url": "https://h.io"}}"""));
  }

  @Test
  void update_from_the_current_schedule_sends_its_webhook_without_a_secret_field_to_keep_it() {
    server.json(
        "GET",
        BASE + "/" + ID,
        200,
        schedule("{\"url\": \"https://h.io\", \"secret_set\": true}", RUN));
    server.json("PUT", BASE + "/" + ID, 200, schedule("null", RUN));
    CliRun run = run("schedules", "update", ID, "--cron", "@hourly");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent("PUT").get("webhook").has("secret")).isFalse();
    assertThat(sent("PUT").get("webhook").get("url").stringValue()).isEqualTo("https://h.io");
  }

  @Test
  void update_with_a_file_sends_the_file_as_the_whole_schedule() throws Exception {
    Path file = dir.resolve("s.json");
    Files.writeString(file, "{\"name\": \"n\", \"cron\": \"@daily\", \"mode\": \"incremental\"}");
    server.json("PUT", BASE + "/" + ID, 200, schedule("null", "null"));
    CliRun run = run("schedules", "update", ID, "-F", file.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(server.requests).hasSize(1);
    assertThat(sent("PUT"))
        .isEqualTo(
            JSON.readTree("{\"name\": \"n\", \"cron\": \"@daily\", \"mode\": \"incremental\"}"));
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(schedule("null", "null")));
  }

  @Test
  void list_prints_a_table_and_where_the_page_is() {
    server.json(
        "GET",
        BASE + "?limit=20&offset=0",
        200,
        "{\"items\": [" + schedule("null", RUN) + "], \"total\": 3, \"limit\": 20, \"offset\": 0}");
    CliRun run = run("schedules", "list");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "ID                                    NAME          MODE        CRON       ZONE           NEXT RUN              LAST RUN   ENABLED",
            ID
                + "  nightly logs  window P1D  0 2 * * *  Europe/Berlin  2026-11-30T01:00:00Z  completed  yes");
    assertThat(run.err()).contains("1-1 of 3");
  }

  @Test
  void show_prints_the_schedule_its_export_and_last_run() {
    server.json(
        "GET",
        BASE + "/" + ID,
        200,
        schedule("{\"url\": \"https://h.io\", \"secret_set\": true}", RUN));
    CliRun run = run("schedules", "show", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("cron        0 2 * * * (Europe/Berlin)")
        .contains("mode        window P1D")
        .contains("data types  logs")
        .contains("format      csv")
        .contains("webhook     https://h.io (signed)")
        .contains(
            "last run    17 completed fired 2026-11-29T01:00:00Z (cron), export " + EXPORT_ID);
  }

  @Test
  void run_prints_the_export_it_started_and_json_gives_the_answer() {
    String started = "{\"export_id\": \"" + EXPORT_ID + "\", \"run_id\": 18}";
    server.json("POST", BASE + "/" + ID + "/run", 200, started);
    CliRun text = run("schedules", "run", ID);
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out().strip()).isEqualTo(EXPORT_ID);
    assertThat(text.err()).contains("run 18 of " + ID);
    CliRun json = run("schedules", "run", ID, "--json");
    assertThat(JSON.readTree(json.out())).isEqualTo(JSON.readTree(started));
  }

  @Test
  void run_wait_follows_the_export_and_exits_1_when_it_fails() {
    server.json(
        "POST",
        BASE + "/" + ID + "/run",
        200,
        "{\"export_id\": \"" + EXPORT_ID + "\", \"run_id\": 18}");
    server.on(
        "GET",
        "/api/v1/export/" + EXPORT_ID + "/events",
        200,
        "text/event-stream",
        "event: progress\ndata: {\"status\":\"failed\",\"percent\":50}\n\n");
    server.json(
        "GET",
        "/api/v1/export/" + EXPORT_ID + "/status",
        200,
        "{\"export_id\": \""
            + EXPORT_ID
            + "\", \"status\": \"failed\", \"error_message\": \"boom\"}");
    CliRun run = run("schedules", "run", ID, "--wait");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out().strip()).isEqualTo(EXPORT_ID);
    assertThat(run.err()).contains("export " + EXPORT_ID + " failed: boom");
  }

  @Test
  void run_of_an_incremental_schedule_with_an_unfinished_run_is_a_conflict() {
    server.json(
        "POST",
        BASE + "/" + ID + "/run",
        409,
        "{\"title\": \"Conflict\", \"status\": 409, \"detail\": \"run 17 is unfinished\"}");
    CliRun run = run("schedules", "run", ID);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("409 Conflict: run 17 is unfinished");
  }

  @Test
  void backfill_sends_the_range_and_says_how_many_runs_were_queued() {
    server.json(
        "POST", BASE + "/" + ID + "/backfill", 202, "{\"runs\": 3, \"run_ids\": [20, 21, 22]}");
    CliRun run =
        run(
            "schedules",
            "backfill",
            ID,
            "--start",
            "2024-01-01T00:00:00Z",
            "--end",
            "2024-01-04T00:00:00Z");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("3 runs queued: 20,21,22");
    assertThat(sent("POST"))
        .isEqualTo(
            JSON.readTree(
                "{\"start_date\": \"2024-01-01T00:00:00Z\", \"end_date\": \"2024-01-04T00:00:00Z\"}"));
  }

  @Test
  void backfill_without_an_end_is_a_usage_error() {
    CliRun run = run("schedules", "backfill", ID, "--start", "2024-01-01T00:00:00Z");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--end");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void runs_prints_each_run_with_what_it_read_and_its_export() {
    server.json(
        "GET",
        BASE + "/" + ID + "/runs?limit=20&offset=0",
        200,
        "{\"items\": [" + RUN + "], \"total\": 1, \"limit\": 20, \"offset\": 0}");
    CliRun run = run("schedules", "runs", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines())
        .containsExactly(
            "RUN  FIRE TIME             TRIGGER  STATUS     READS                                       RECORDS              EXPORT",
            " 17  2026-11-29T01:00:00Z  cron     completed  2026-11-28T01:00:00Z..2026-11-29T01:00:00Z  12 (logs 10, ips 2)  "
                + EXPORT_ID);
  }

  @Test
  void pause_resume_and_delete_say_what_they_did() {
    server.json("POST", BASE + "/" + ID + "/pause", 200, schedule("null", "null"));
    server.json("POST", BASE + "/" + ID + "/resume", 200, schedule("null", "null"));
    server.json(
        "DELETE", BASE + "/" + ID, 200, "{\"schedule_id\": \"" + ID + "\", \"deleted\": true}");
    assertThat(run("schedules", "pause", ID).out().strip()).isEqualTo(ID + " paused");
    assertThat(run("schedules", "resume", ID).out().strip())
        .isEqualTo(ID + " resumed, next run 2026-11-30T01:00:00Z");
    assertThat(run("schedules", "delete", ID).out().strip()).isEqualTo(ID + " deleted");
    assertThat(server.requests)
        .extracting(StubServer.Request::method)
        .containsExactly("POST", "POST", "DELETE");
  }

  @Test
  void schedules_without_a_subcommand_is_a_usage_error() {
    CliRun run = run("schedules");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Missing subcommand");
  }

  @Test
  void create_sets_the_shaping_options_on_the_files_export() throws Exception {
    Path file = dir.resolve("schedule.json");
    Files.writeString(
        file,
        """
        {"cron": "0 2 * * *", "mode": "window", "window": "P1D",
         "export": {"data_types": ["logs", "ips"], "filters": {"level": "ERROR"}}}""");
    server.json("POST", BASE, 201, schedule("null", "null"));

    CliRun run =
        run(
            "schedules",
            "create",
            "--file",
            file.toString(),
            "--filter",
            "ips.source_ip within 10.0.0.0/8",
            "--filter",
            "level != DEBUG",
            "--compression",
            "zstd",
            "--compression-level",
            "7",
            "--csv-escape-formulas",
            "--encrypt-to",
            "ABCDEF0123456789");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent("POST").get("export"))
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs", "ips"],
                 "filters": {"level": {"eq": "ERROR", "ne": "DEBUG"},
                             "ips": {"source_ip": {"within": "10.0.0.0/8"}}},
                 "compression": "zstd", "compression_level": 7, "csv_escape_formulas": true,
                 "encryption": {"type": "openpgp", "recipients": ["ABCDEF0123456789"]}}"""));
  }

  @Test
  void create_from_options_only_makes_the_export_object() {
    server.json("POST", BASE, 201, schedule("null", "null"));
    CliRun run = run("schedules", "create", "--name", "n", "--compression");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent("POST"))
        .isEqualTo(JSON.readTree("{\"name\": \"n\", \"export\": {\"compression\": true}}"));
  }

  @Test
  void update_with_shaping_options_only_changes_those_fields_of_the_current_export() {
    server.json(
        "GET",
        BASE + "/" + ID,
        200,
        schedule("null", "null")
            .replace(
                "\"output_format\": \"csv\",",
                "\"output_format\": \"csv\", \"filters\": {\"pid\": {\"gte\": 10}},"
                    + " \"encryption\": {\"type\": \"openpgp\", \"recipients\": [\"k\"]},"));
    server.json("PUT", BASE + "/" + ID, 200, schedule("null", "null"));

    CliRun run =
        run(
            "schedules",
            "update",
            ID,
            "--filter",
            "pid < 20",
            "--filter",
            "logs.level = ERROR",
            "--no-encryption");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent("PUT").get("export"))
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "output_format": "csv",
                 "filters": {"pid": {"gte": 10, "lt": 20}, "logs": {"level": {"eq": "ERROR"}}},
                 "encryption": null}"""));
  }

  @Test
  void show_names_the_codec_encryption_and_filters() {
    server.json(
        "GET",
        BASE + "/" + ID,
        200,
        schedule("null", "null")
            .replace(
                "\"output_format\": \"csv\",",
                "\"output_format\": \"csv\", \"compression\": \"zstd\","
                    + " \"filters\": {\"level\": \"ERROR\"},"
                    + " \"encryption\": {\"type\": \"openpgp\", \"recipients\": [\"k\"]},"));
    CliRun run = run("schedules", "show", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("format      csv (zstd, OpenPGP)")
        .contains("filters     {\"level\":\"ERROR\"}");
  }
}
