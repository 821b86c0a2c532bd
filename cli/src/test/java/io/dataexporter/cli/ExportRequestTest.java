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

/** What {@code export} sends: every option as its request field, and nothing not asked for. */
class ExportRequestTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String CREATED =
      "{\"export_id\":\"11111111-2222-3333-4444-555555555555\",\"status\":\"pending\"}";

  @TempDir Path dir;
  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer().json("POST", "/api/v1/export/", 200, CREATED);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode sent() {
    assertThat(server.requests).hasSize(1);
    return JSON.readTree(server.requests.get(0).body());
  }

  @Test
  void every_option_becomes_its_request_field() throws Exception {
    Path transformations = dir.resolve("t.json");
    Files.writeString(
        transformations, "{\"logs\": [{\"op\": \"drop\", \"fields\": [\"message\"]}]}");
    Path filters = dir.resolve("f.json");
    Files.writeString(filters, "{\"host\": {\"in\": [\"a\", \"b\"]}}");

    CliRun run =
        CliRun.run(
            "export",
            "logs,anomalies",
            "ips",
            "--start=2024-01-01T00:00:00Z",
            "--end",
            "2024-02-01T00:00:00+02:00",
            "-p",
            "sshd",
            "--process",
            "cron,nginx",
            "--format",
            "csv",
            "--compression",
            "--batch-size",
            "500",
            "--no-include-metadata",
            "--validation-level",
            "strict",
            "--transformations",
            transformations.toString(),
            "--filters",
            filters.toString(),
            "--url",
            server.url(),
            "--token",
            "secret");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo("11111111-2222-3333-4444-555555555555");
    assertThat(server.requests.get(0).authorization()).isEqualTo("Bearer secret");
    assertThat(sent())
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs", "anomalies", "ips"],
                 "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-02-01T00:00:00+02:00",
                 "processes": ["sshd", "cron", "nginx"], "output_format": "csv",
                 "compression": true, "batch_size": 500, "include_metadata": false,
                 "validation_level": "strict",
                 "filters": {"host": {"in": ["a", "b"]}},
                 "transformations": {"logs": [{"op": "drop", "fields": ["message"]}]}}
                """));
  }

  @Test
  void options_not_given_are_left_to_the_server_defaults() {
    CliRun run = CliRun.run("--url", server.url(), "export", "ips");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent()).isEqualTo(JSON.readTree("{\"data_types\": [\"ips\"]}"));
    assertThat(server.requests.get(0).authorization()).as("no token, no header").isNull();
  }

  @Test
  void the_request_field_names_work_as_option_names_too() {
    CliRun run =
        CliRun.run(
            "export",
            "--data-types",
            "logs,ips",
            "-t",
            "anomalies",
            "--start-date",
            "2024-01-01T00:00:00Z",
            "--end-date",
            "2024-02-01T00:00:00Z",
            "--processes",
            "nginx",
            "--output-format",
            "csv",
            "--url",
            server.url());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent())
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs", "ips", "anomalies"],
                 "start_date": "2024-01-01T00:00:00Z", "end_date": "2024-02-01T00:00:00Z",
                 "processes": ["nginx"], "output_format": "csv"}
                """));
  }

  @Test
  void negated_flags_are_sent_as_false() {
    CliRun run =
        CliRun.run(
            "export", "ips", "--no-compression", "--include-metadata", "--url", server.url());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent())
        .isEqualTo(
            JSON.readTree(
                "{\"data_types\": [\"ips\"], \"compression\": false, \"include_metadata\": true}"));
  }

  @Test
  void json_prints_the_servers_answer_as_one_document() {
    CliRun run = CliRun.run("export", "ips", "--json", "--url", server.url());
    assertThat(run.exitCode()).isZero();
    assertThat(run.out().strip().lines()).hasSize(1);
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(CREATED));
  }

  @Test
  void a_filters_file_that_is_missing_or_not_an_object_is_a_usage_error_sent_nowhere()
      throws Exception {
    Path array = dir.resolve("array.json");
    Files.writeString(array, "[1, 2]");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{\"a\": ");

    CliRun missing =
        CliRun.run(
            "export",
            "ips",
            "--filters",
            dir.resolve("nope.json").toString(),
            "--url",
            server.url());
    CliRun notObject =
        CliRun.run("export", "ips", "--filters", array.toString(), "--url", server.url());
    CliRun notJson =
        CliRun.run("export", "ips", "--transformations", broken.toString(), "--url", server.url());

    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--filters").contains("nope.json");
    assertThat(notObject.exitCode()).isEqualTo(2);
    assertThat(notObject.err()).contains("must hold a JSON object");
    assertThat(notJson.exitCode()).isEqualTo(2);
    assertThat(notJson.err()).contains("--transformations").contains("is not JSON");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void bad_command_lines_are_usage_errors() {
    assertThat(CliRun.run("export", "--url", server.url()).exitCode())
        .as("no data type")
        .isEqualTo(2);
    assertThat(CliRun.run("export", "ips", "--batch-size", "many").exitCode()).isEqualTo(2);
    assertThat(CliRun.run("export", "ips", "--colour").exitCode()).isEqualTo(2);
    assertThat(CliRun.run("exprot", "ips").err()).contains("export");
    assertThat(CliRun.run().exitCode()).as("no command").isEqualTo(2);
    assertThat(CliRun.run("list", "--url", "localhost:8080").exitCode()).isEqualTo(2);
    assertThat(server.requests).isEmpty();
  }

  private JsonNode sentFor(String... args) {
    server.requests.clear();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    CliRun run = CliRun.run(all);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return sent();
  }

  private CliRun refused(String... args) {
    server.requests.clear();
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    CliRun run = CliRun.run(all);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(server.requests).as("nothing sent").isEmpty();
    return run;
  }

  @Test
  void filters_on_one_column_merge_into_one_operator_object_and_a_data_type_prefix_is_per_type() {
    JsonNode body =
        sentFor(
            "export",
            "logs",
            "ips",
            "--filter",
            "pid>=100",
            "--filter",
            "pid < 200",
            "--filter",
            "logs.level in ERROR,WARN",
            "--filter",
            "logs.level != 'DEBUG'",
            "--filter",
            "metadata.user.id=42",
            "--filter",
            "ips.source_ip within 10.0.0.0/8",
            "--filter",
            "host is_null");
    assertThat(body.get("filters"))
        .isEqualTo(
            JSON.readTree(
                """
                {"pid": {"gte": 100, "lt": 200},
                 "metadata.user.id": {"eq": 42},
                 "host": {"is_null": true},
                 "logs": {"level": {"in": ["ERROR", "WARN"], "ne": "DEBUG"}},
                 "ips": {"source_ip": {"within": "10.0.0.0/8"}}}
                """));
  }

  @Test
  void a_dotted_column_whose_first_part_is_no_requested_type_stays_a_flat_json_path() {
    JsonNode body = sentFor("export", "logs", "--filter", "ips.source_ip = 10.0.0.1");
    assertThat(body.get("filters"))
        .isEqualTo(JSON.readTree("{\"ips.source_ip\": {\"eq\": \"10.0.0.1\"}}"));
  }

  @Test
  void a_filters_file_is_sent_as_it_is_and_filter_options_are_added_to_it() throws Exception {
    Path file = dir.resolve("filters.json");
    Files.writeString(
        file,
        """
        {"level": ["ERROR", "WARN"], "pid": 7, "logs": {"host": {"prefix": "web-"}},
         "process": {"ne": "cron"}}""");

    assertThat(sentFor("export", "logs", "--filters-file", file.toString()).get("filters"))
        .as("alone, verbatim")
        .isEqualTo(JSON.readTree(Files.readString(file)));
    assertThat(
            sentFor(
                    "export",
                    "logs",
                    "--filters-file",
                    file.toString(),
                    "--filter",
                    "level != FATAL",
                    "--filter",
                    "pid = 8",
                    "--filter",
                    "logs.host contains -eu-",
                    "--filter",
                    "process prefix ss")
                .get("filters"))
        .as("scalar → eq, array → in, an option's operator replaces the file's")
        .isEqualTo(
            JSON.readTree(
                """
                {"level": {"in": ["ERROR", "WARN"], "ne": "FATAL"}, "pid": {"eq": 8},
                 "logs": {"host": {"prefix": "web-", "contains": "-eu-"}},
                 "process": {"ne": "cron", "prefix": "ss"}}
                """));
  }

  @Test
  void the_old_filters_option_still_reads_a_file() throws Exception {
    Path file = dir.resolve("f.json");
    Files.writeString(file, "{\"level\": \"ERROR\"}");
    assertThat(sentFor("export", "logs", "--filters", file.toString()).get("filters"))
        .isEqualTo(JSON.readTree("{\"level\": \"ERROR\"}"));
  }

  @Test
  void a_malformed_filter_is_a_usage_error_naming_the_option() {
    CliRun noOperator = refused("export", "logs", "--filter", "level");
    assertThat(noOperator.err()).contains("--filter").contains("'level'").contains("no operator");
    CliRun unknown = refused("export", "logs", "--filter", "level like ERR%");
    assertThat(unknown.err()).contains("--filter").contains("unknown operator 'like'");
    CliRun noValue = refused("export", "logs", "--filter", "pid >=");
    assertThat(noValue.err()).contains("--filter").contains("no value for pid");
    CliRun twice = refused("export", "logs", "--filter", "pid>1", "--filter", "pid > 2");
    assertThat(twice.err()).contains("--filter").contains("pid has 'gt' twice");
    CliRun twicePerType =
        refused("export", "logs", "--filter", "logs.level=A", "--filter", "logs.level = B");
    assertThat(twicePerType.err()).contains("logs.level has 'eq' twice");
  }

  @Test
  void compression_takes_a_codec_and_alone_still_means_gzip() {
    assertThat(sentFor("export", "logs", "--compression").get("compression").asBoolean()).isTrue();
    assertThat(sentFor("export", "logs", "--compression").get("compression").isBoolean()).isTrue();
    assertThat(sentFor("export", "--compression", "logs").get("data_types"))
        .as("a data type after a bare --compression stays a data type")
        .isEqualTo(JSON.readTree("[\"logs\"]"));
    assertThat(sentFor("export", "--compression", "logs").get("compression").asBoolean()).isTrue();
    assertThat(sentFor("export", "logs", "--compression", "zstd").get("compression").asString())
        .isEqualTo("zstd");
    assertThat(sentFor("export", "--compression", "ZSTD", "logs").get("data_types"))
        .isEqualTo(JSON.readTree("[\"logs\"]"));
    assertThat(sentFor("export", "logs", "--compression=gzip").get("compression").asString())
        .isEqualTo("gzip");
    assertThat(sentFor("export", "logs", "--compression", "none").get("compression").asString())
        .isEqualTo("none");
    assertThat(sentFor("export", "logs", "--no-compression").get("compression").isBoolean())
        .isTrue();
    assertThat(sentFor("export", "logs", "--no-compression").get("compression").asBoolean())
        .isFalse();
    assertThat(
            sentFor("export", "logs", "--compression", "zstd", "--compression-level", "19")
                .get("compression_level")
                .intValue())
        .isEqualTo(19);
    assertThat(
            sentFor("export", "logs", "--compression", "zstd", "--no-compression")
                .get("compression")
                .asBoolean(true))
        .as("the last one counts")
        .isFalse();
  }

  @Test
  void an_unknown_codec_or_level_is_a_usage_error() {
    assertThat(refused("export", "logs", "--compression=brotli").err())
        .contains("--compression")
        .contains("brotli");
    assertThat(refused("export", "logs", "--compression-level", "high").err())
        .contains("--compression-level");
  }

  @Test
  void csv_escape_formulas_and_encryption_become_their_fields() {
    JsonNode body =
        sentFor(
            "export",
            "logs",
            "--format",
            "csv",
            "--csv-escape-formulas",
            "--encrypt-to",
            "0123456789ABCDEF",
            "--encrypt-to",
            "key-one, key-two");
    assertThat(body)
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "output_format": "csv", "csv_escape_formulas": true,
                 "encryption": {"type": "openpgp",
                                "recipients": ["0123456789ABCDEF", "key-one", "key-two"]}}
                """));
    assertThat(sentFor("export", "logs", "--no-csv-escape-formulas").get("csv_escape_formulas"))
        .isEqualTo(JSON.readTree("false"));
    assertThat(sentFor("export", "logs", "--no-encryption").get("encryption").isNull()).isTrue();
    assertThat(refused("export", "logs", "--encrypt-to", "k", "--no-encryption").err())
        .contains("--encrypt-to")
        .contains("--no-encryption");
  }

  @Test
  void a_transformations_file_with_the_new_steps_is_sent_unchanged() throws Exception {
    String steps =
        """
        {"logs": [
          {"op": "concat", "fields": ["host", "process"], "separator": "/", "to": "origin"},
          {"op": "map", "field": "level", "values": {"WARN": "warning"}, "default": "other"},
          {"op": "coalesce", "fields": ["user", "host"], "to": "who"},
          {"op": "case", "field": "host", "to": "upper"},
          {"op": "regex_replace", "field": "message", "pattern": "\\\\d+", "replacement": "#"},
          {"op": "cast", "field": "pid", "to": "text"}]}""";
    Path file = dir.resolve("steps.json");
    Files.writeString(file, steps);
    assertThat(
            sentFor("export", "logs", "--transformations", file.toString()).get("transformations"))
        .isEqualTo(JSON.readTree(steps));
  }
}
