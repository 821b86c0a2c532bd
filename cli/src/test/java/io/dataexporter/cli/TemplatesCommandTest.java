package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** {@code templates create} and {@code templates delete}: what they send and print. */
class TemplatesCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ID = "eba7b657-36eb-4fed-b608-c10c0602517c";
  private static final String BASE = "/api/v1/export/templates";

  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  @Test
  void create_sends_the_export_options_as_the_config_and_prints_the_id() {
    server.json("POST", BASE, 201, "{\"template_id\": \"" + ID + "\", \"name\": \"errors\"}");

    CliRun run =
        run(
            "templates",
            "create",
            "--name",
            "errors",
            "--description",
            "errors as zstd CSV",
            "logs",
            "--format",
            "csv",
            "--filter",
            "logs.level in ERROR,WARN",
            "--compression",
            "zstd",
            "--csv-escape-formulas",
            "--encrypt-to",
            "k1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(ID);
    assertThat(JSON.readTree(server.requests.get(0).body()))
        .isEqualTo(
            JSON.readTree(
                """
                {"name": "errors", "description": "errors as zstd CSV",
                 "config": {"data_types": ["logs"], "output_format": "csv",
                            "filters": {"logs": {"level": {"in": ["ERROR", "WARN"]}}},
                            "compression": "zstd", "csv_escape_formulas": true,
                            "encryption": {"type": "openpgp", "recipients": ["k1"]}}}"""));
  }

  @Test
  void create_without_a_name_or_data_types_is_a_usage_error_sent_nowhere() {
    assertThat(run("templates", "create", "logs").exitCode()).isEqualTo(2);
    CliRun noTypes = run("templates", "create", "--name", "n");
    assertThat(noTypes.exitCode()).isEqualTo(2);
    assertThat(noTypes.err()).contains("data types");
    assertThat(run("templates", "create", "--name", "n", "logs", "--filter", "x").exitCode())
        .isEqualTo(2);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void show_prints_the_config_with_its_dataset_fields() {
    server.json(
        "GET",
        BASE + "/" + ID,
        200,
        """
        {"template_id": "%s", "name": "ml", "owner": "admin", "description": null,
         "config": {"data_types": ["logs"], "output_format": "parquet", "compression": "zstd",
                    "max_file_size": "256MB", "partition_by": "day",
                    "split": {"ratios": {"train": 0.8, "test": 0.2}, "key": "host"}},
         "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}"""
            .formatted(ID));
    CliRun run = run("templates", "show", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("template    " + ID)
        .contains("format      parquet (zstd)")
        .contains("files       at most 256MB each, in folders by day")
        .contains("split       train=0.8,test=0.2, key host");
  }

  @Test
  void delete_says_so() {
    server.on("DELETE", BASE + "/" + ID, 204, "application/json", "");
    CliRun run = run("templates", "delete", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(ID + " deleted");
  }
}
