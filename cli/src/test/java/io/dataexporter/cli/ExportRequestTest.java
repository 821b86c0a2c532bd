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
}
