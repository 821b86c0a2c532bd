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

/**
 * Parquet, file size limits, partitions, samples and splits: each option as its request field in
 * {@code export}, {@code templates create} and {@code schedules}, the syntax checked here and the
 * rules left to the server.
 */
class DatasetOptionsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String ID = "11111111-2222-3333-4444-555555555555";
  private static final String CREATED = "{\"export_id\":\"" + ID + "\",\"status\":\"pending\"}";

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

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  private JsonNode sent() {
    assertThat(server.requests).hasSize(1);
    return JSON.readTree(server.requests.get(0).body());
  }

  @Test
  void a_parquet_dataset_export_sends_every_dataset_field() {
    CliRun run =
        run(
            "export",
            "logs",
            "ips",
            "--format",
            "parquet",
            "--compression",
            "snappy",
            "--max-file-size",
            "256MB",
            "--partition-by",
            "Day",
            "--sample-fraction",
            "0.1",
            "--sample-seed",
            "s1",
            "--sample-key",
            "host",
            "--split",
            "train=0.8, validation=0.1,test=0.1",
            "--split-key",
            "host",
            "--split-seed",
            "42");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent())
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs", "ips"], "output_format": "parquet",
                 "compression": "snappy", "max_file_size": "256MB", "partition_by": "day",
                 "sample": {"fraction": 0.1, "seed": "s1", "key": "host"},
                 "split": {"ratios": {"train": 0.8, "validation": 0.1, "test": 0.1},
                           "key": "host", "seed": "42"}}"""));
    assertThat(server.requests.get(0).body())
        .as("ratios keep the order given")
        .contains("{\"train\":0.8,\"validation\":0.1,\"test\":0.1}");
  }

  @Test
  void sample_rows_and_a_size_in_bytes_are_sent_as_numbers() {
    CliRun run =
        run(
            "export",
            "logs",
            "--sample-rows",
            "100000",
            "--max-file-size",
            "5000000",
            "--partition-by",
            "hour");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent())
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "sample": {"rows": 100000},
                 "max_file_size": 5000000, "partition_by": "hour"}"""));
  }

  @Test
  void sample_fraction_and_sample_rows_together_are_a_usage_error_sent_nowhere() {
    CliRun run = run("export", "logs", "--sample-fraction", "0.5", "--sample-rows", "10");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("give --sample-fraction or --sample-rows, not both");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void malformed_values_are_usage_errors_naming_the_option_and_sent_nowhere() {
    assertThat(run("export", "logs", "--split", "train:0.8").err())
        .contains("--split")
        .contains("'train:0.8' is not NAME=RATIO");
    assertThat(run("export", "logs", "--split", "train=0.8,test=lots").err())
        .contains("the ratio of test is not a number: 'lots'");
    assertThat(run("export", "logs", "--split", "train=0.5,train=0.5").err())
        .contains("split train is named twice");
    assertThat(run("export", "logs", "--split", "=1").err()).contains("has no split name");
    assertThat(run("export", "logs", "--max-file-size", "big").err())
        .contains("--max-file-size")
        .contains("'big' is not a size");
    assertThat(run("export", "logs", "--partition-by", "week").err())
        .contains("'week' is not one of hour, day, month");
    assertThat(run("export", "logs", "--sample-fraction", "a tenth").err())
        .contains("--sample-fraction");
    assertThat(run("export", "logs", "--sample-rows", "1.5").err()).contains("--sample-rows");
    assertThat(run("export", "logs", "--compression=lz4").err())
        .contains("is not one of gzip, zstd, snappy, none");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void the_servers_rules_stay_its_own_and_its_400_names_the_field() {
    server.json(
        "POST",
        "/api/v1/export/",
        400,
        """
        {"title": "Invalid export request", "status": 400,
         "errors": [{"field": "split.ratios", "message": "must sum to 1, not 0.9"},
                    {"field": "compression", "message": "snappy is for parquet pages only"}]}""");
    CliRun run = run("export", "logs", "--compression", "snappy", "--split", "a=0.5,b=0.4");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(sent().get("split").get("ratios"))
        .as("a sum other than 1 is sent: the server decides")
        .isEqualTo(JSON.readTree("{\"a\": 0.5, \"b\": 0.4}"));
    assertThat(run.err())
        .contains("400 Invalid export request")
        .contains("  split.ratios: must sum to 1, not 0.9")
        .contains("  compression: snappy is for parquet pages only");
  }

  @Test
  void a_template_keeps_the_dataset_options_in_its_config() {
    server.json(
        "POST", "/api/v1/export/templates", 201, "{\"template_id\": \"t1\", \"name\": \"ml\"}");
    CliRun run =
        run(
            "templates",
            "create",
            "--name",
            "ml",
            "logs",
            "--format",
            "parquet",
            "--split",
            "train=0.9,test=0.1",
            "--split-key",
            "host",
            "--sample-rows",
            "1000");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent().get("config"))
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "output_format": "parquet",
                 "split": {"ratios": {"train": 0.9, "test": 0.1}, "key": "host"},
                 "sample": {"rows": 1000}}"""));
  }

  @Test
  void a_schedule_file_with_the_new_fields_is_sent_with_the_options_set_on_it() throws Exception {
    Path file = dir.resolve("schedule.json");
    Files.writeString(
        file,
        """
        {"name": "nightly dataset", "cron": "0 2 * * *", "mode": "window", "window": "P1D",
         "export": {"data_types": ["logs"], "output_format": "parquet",
                    "split": {"ratios": {"train": 0.8, "test": 0.2}, "key": "host"},
                    "sample": {"rows": 5000, "seed": "a"}, "max_file_size": "1GB"}}""");
    server.json("POST", "/api/v1/schedules", 201, "{\"schedule_id\": \"s1\"}");
    CliRun run =
        run(
            "schedules",
            "create",
            "--file",
            file.toString(),
            "--split-seed",
            "7",
            "--sample-fraction",
            "0.25",
            "--partition-by",
            "month");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent().get("export"))
        .as("the file's split and sample keep what no option changed; rows gave way to fraction")
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "output_format": "parquet",
                 "split": {"ratios": {"train": 0.8, "test": 0.2}, "key": "host", "seed": "7"},
                 "sample": {"seed": "a", "fraction": 0.25}, "max_file_size": "1GB",
                 "partition_by": "month"}"""));
  }

  @Test
  void a_schedule_update_can_switch_its_export_to_parquet_with_a_split() {
    String current =
        """
        {"schedule_id": "s1", "name": "n", "cron": "@daily", "mode": "incremental",
         "export": {"data_types": ["logs"], "output_format": "csv", "compression": "zstd"},
         "enabled": true}""";
    server.json("GET", "/api/v1/schedules/s1", 200, current);
    server.json("PUT", "/api/v1/schedules/s1", 200, current);
    CliRun run =
        run(
            "schedules",
            "update",
            "s1",
            "--format",
            "parquet",
            "--compression=none",
            "--split",
            "train=0.5,test=0.5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode put =
        server.requests.stream()
            .filter(r -> r.method().equals("PUT"))
            .map(r -> JSON.readTree(r.body()))
            .findFirst()
            .orElseThrow();
    assertThat(put.get("export"))
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "output_format": "parquet", "compression": "none",
                 "split": {"ratios": {"train": 0.5, "test": 0.5}}}"""));
  }

  @Test
  void estimate_sends_the_same_body_and_shows_rows_per_type_and_split() {
    server.json(
        "POST",
        "/api/v1/export/estimate",
        200,
        """
        {"total_records": 1000, "total_bytes": 2048, "output_format": "parquet",
         "compression": false,
         "data_types": {"logs": {"records": 1000, "bytes": 2048, "method": "statistics",
                                 "shards": [{"seq": 0}, {"seq": 1}]}},
         "splits": {"train": {"logs": 800}, "test": {"logs": 200}}}""");
    CliRun run =
        run(
            "estimate",
            "logs",
            "--format",
            "parquet",
            "--sample-fraction",
            "0.5",
            "--split",
            "train=0.8,test=0.2");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(sent())
        .isEqualTo(
            JSON.readTree(
                """
                {"data_types": ["logs"], "output_format": "parquet", "sample": {"fraction": 0.5},
                 "split": {"ratios": {"train": 0.8, "test": 0.2}}}"""));
    assertThat(run.out().lines().map(String::strip).toList())
        .contains(
            "TYPE  RECORDS    BYTES  SHARDS  METHOD",
            "logs     1000  2.0 KiB       2  statistics",
            "SPLIT  TYPE  RECORDS",
            "train  logs      800",
            "test   logs      200");
    assertThat(run.err()).contains("about 1000 records, 2.0 KiB");
  }

  @Test
  void status_and_schedules_show_the_dataset_fields() {
    String config =
        """
        {"output_format": "parquet", "max_file_size": "256MB", "partition_by": "day",
         "sample": {"fraction": 0.1, "seed": "", "key": "id"},
         "split": {"ratios": {"train": 0.8, "validation": 0.1, "test": 0.1}, "key": "host",
                   "seed": "s"}}""";
    server.json(
        "GET",
        "/api/v1/export/" + ID + "/status",
        200,
        """
        {"export_id": "%s", "status": "completed", "data_types": ["logs"],
         "output_format": "parquet", "total_records": 3, "total_size": 100,
         "record_counts": {}, "file_sizes": {}, "validation": {}, "config": %s}"""
            .formatted(ID, config));
    CliRun status = run("status", ID);
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("format      parquet (snappy)\n")
        .contains("files       at most 256MB each, in folders by day\n")
        .contains("sample      fraction 0.1, key id\n")
        .contains("split       train=0.8,validation=0.1,test=0.1, key host, seed s\n");
  }

  @Test
  void a_parquet_export_is_listed_as_parquet_without_a_stream_suffix() {
    server.json(
        "GET",
        "/api/v1/export/templates?limit=100&offset=0",
        200,
        """
        {"items": [{"template_id": "t1", "name": "pq", "owner": "alice",
          "updated_at": "2026-11-29T10:00:00Z",
          "config": {"data_types": ["logs"], "output_format": "parquet", "compression": "zstd",
                     "encryption": {"type": "openpgp", "recipients": ["k"]}}}],
         "total": 1, "limit": 100, "offset": 0}""");
    CliRun templates = run("templates");
    assertThat(templates.out()).contains("parquet.pgp ").doesNotContain(".zst");
  }
}
