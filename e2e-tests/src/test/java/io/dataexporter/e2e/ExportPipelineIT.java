package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Whole-pipeline exports compared record by record with the database: every format, with and
 * without gzip, over rows with nasty values, shard boundaries on shared instants, ranges with
 * offsets other than Z, and empty ranges.
 */
class ExportPipelineIT {
  private static final Map<String, String> ORDER =
      Map.of("logs", "\"timestamp\", id", "anomalies", "detected_at, id", "ips", "last_seen, id");
  private static final Map<String, String> COLUMNS =
      Map.of(
          "logs", "id, \"timestamp\", host, process, pid, level, message, source_ip, metadata",
          "anomalies", "id, detected_at, log_id, process, anomaly_type, score, severity, details",
          "ips",
              "id, ip, first_seen, last_seen, request_count, country, asn, reputation, metadata");
  private static final Map<String, String> TIME =
      Map.of("logs", "\"timestamp\"", "anomalies", "detected_at", "ips", "last_seen");

  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @ParameterizedTest(name = "{0}, gzip={1}, metadata={2}")
  @CsvSource({
    "json,false,true",
    "json,true,false",
    "jsonl,false,true",
    "jsonl,true,true",
    "csv,false,true",
    "csv,true,true"
  })
  void every_record_of_every_type_arrives_in_order_with_its_exact_values(
      String format, boolean gzip, boolean metadata) throws Exception {
    String id =
        system.submit(
            """
        {"data_types": ["logs", "anomalies", "ips"], "output_format": "%s", "compression": %s,
         "include_metadata": %s, "batch_size": 700}"""
                .formatted(format, gzip, metadata));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(3));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");

    JsonNode listing = system.parse(system.get("/download/" + id));
    // a data file per type, then README.md and schema.json
    assertThat(listing.get("files")).hasSize(5);
    for (JsonNode file : listing.get("files")) {
      if (!file.get("kind").stringValue().equals("data")) {
        continue;
      }
      String type = file.get("data_type").stringValue();
      Records.Expected expected = expected(type, null, null, List.of());
      byte[] stored = system.fetch(file.get("url").stringValue());
      assertThat(file.get("name").stringValue())
          .isEqualTo(type + "." + format + (gzip ? ".gz" : ""));
      assertThat(file.get("size").longValue()).isEqualTo(stored.length);
      assertThat(file.get("sha256").stringValue()).isEqualTo(RunningSystem.sha256(stored));
      assertThat(file.get("records").longValue()).isEqualTo(expected.rows().size());
      if (gzip) {
        assertValidForGzipTool(stored);
      }
      List<Map<String, String>> actual =
          read(format, gzip ? Records.gunzip(stored) : stored, expected.columns(), metadata);
      assertThat(actual).as(type).hasSize(expected.rows().size());
      for (int i = 0; i < actual.size(); i++) {
        assertThat(actual.get(i)).as(type + " record " + i).isEqualTo(expected.rows().get(i));
      }
      assertThat(status.get("record_counts").get(type).longValue())
          .isEqualTo(expected.rows().size());
    }
    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    assertThat(manifest.get("export_id").stringValue()).isEqualTo(id);
    assertThat(manifest.get("files")).hasSize(5);
    assertThat(manifest.get("request").get("output_format").stringValue()).isEqualTo(format);
    // the manifest's byte counts and hashes are those of the files as downloaded
    for (JsonNode file : listing.get("files")) {
      byte[] stored = system.fetch(file.get("url").stringValue());
      JsonNode entry = null;
      for (JsonNode candidate : manifest.get("files")) {
        if (candidate.get("name").stringValue().equals(file.get("name").stringValue())) {
          entry = candidate;
        }
      }
      assertThat(entry).as(file.get("name").stringValue()).isNotNull();
      assertThat(entry.get("bytes").longValue()).isEqualTo(stored.length);
      assertThat(entry.get("sha256").stringValue()).isEqualTo(RunningSystem.sha256(stored));
    }
  }

  @Test
  void a_range_with_offsets_and_a_process_filter_keeps_start_drops_end_and_matches_exactly()
      throws Exception {
    // 2024-03-03T02:00+02:00 is 2024-03-03T00:00Z, on which a fixture row sits; the end holds
    // another
    String start = "2024-03-03T02:00:00+02:00";
    String end = "2024-03-04T19:00:00-05:00";
    String id =
        system.submit(
            """
        {"data_types": ["logs", "anomalies", "ips"], "start_date": "%s", "end_date": "%s",
         "processes": ["nginx", "semi;colon", "we\\"ird"], "output_format": "jsonl"}"""
                .formatted(start, end));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    for (JsonNode file : listing.get("files")) {
      if (!file.get("kind").stringValue().equals("data")) {
        continue;
      }
      String type = file.get("data_type").stringValue();
      List<String> processes =
          type.equals("ips") ? List.of() : List.of("nginx", "semi;colon", "we\"ird");
      Records.Expected expected =
          expected(type, OffsetDateTime.parse(start), OffsetDateTime.parse(end), processes);
      List<Map<String, String>> actual =
          Records.fromJsonLines(system.fetch(file.get("url").stringValue()), expected.columns());
      assertThat(actual).as(type).isEqualTo(expected.rows());
      if (type.equals("logs")) {
        assertThat(actual).anyMatch(r -> "exactly on the range start".equals(r.get("message")));
        assertThat(actual).noneMatch(r -> "exactly on the range end".equals(r.get("message")));
        assertThat(actual).anyMatch(r -> "just before the range end".equals(r.get("message")));
      }
    }
  }

  @ParameterizedTest(name = "{0}, gzip={1}")
  @CsvSource({"json,false", "json,true", "jsonl,false", "jsonl,true", "csv,false", "csv,true"})
  void a_range_without_rows_completes_with_zero_records_and_valid_empty_files(
      String format, boolean gzip) throws Exception {
    String id =
        system.submit(
            """
        {"data_types": ["logs", "ips"], "start_date": "2030-01-01T00:00:00Z", "end_date": "2030-02-01T00:00:00Z",
         "output_format": "%s", "compression": %s}"""
                .formatted(format, gzip));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(status.get("total_records").longValue()).isZero();
    for (JsonNode file : system.parse(system.get("/download/" + id)).get("files")) {
      if (!file.get("kind").stringValue().equals("data")) {
        continue; // the data card and schema.json are plain text
      }
      byte[] stored = system.fetch(file.get("url").stringValue());
      if (gzip) {
        assertValidForGzipTool(stored);
      }
      byte[] content = gzip ? Records.gunzip(stored) : stored;
      Records.Expected expected =
          expected(
              file.get("data_type").stringValue(),
              OffsetDateTime.parse("2030-01-01T00:00:00Z"),
              OffsetDateTime.parse("2030-02-01T00:00:00Z"),
              List.of());
      assertThat(read(format, content, expected.columns(), true)).isEmpty();
    }
  }

  @Test
  void a_table_added_by_configuration_alone_exports_like_the_built_in_ones() throws Exception {
    String id = system.submit("{\"data_types\": [\"audit_trail\"], \"output_format\": \"jsonl\"}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    String url =
        system.parse(system.get("/download/" + id)).get("files").get(0).get("url").stringValue();
    String[] lines =
        new String(system.fetch(url), java.nio.charset.StandardCharsets.UTF_8).split("\n");
    assertThat(lines)
        .containsExactly(
            "{\"event_id\":2,\"happened_at\":\"2024-02-01T00:00:00Z\",\"actor\":null,\"amount\":-0.001,\"approved\":null,\"payload\":[]}",
            "{\"event_id\":1,\"happened_at\":\"2024-03-01T10:00:00.250Z\",\"actor\":\"bob \\\"the builder\\\"\",\"amount\":null,\"approved\":false,\"payload\":null}",
            "{\"event_id\":3,\"happened_at\":\"2024-03-01T10:00:00.250Z\",\"actor\":\"alice\",\"amount\":12.500,\"approved\":true,\"payload\":{\"b\": 1, \"a\": [true]}}");
  }

  @Test
  void shards_are_spread_over_both_workers_and_progress_ends_at_one_hundred_percent()
      throws Exception {
    double exportedBefore = recordsExportedMetric("logs");
    String id =
        system.submit("{\"data_types\": [\"logs\", \"anomalies\"], \"output_format\": \"csv\"}");
    system.awaitFinished(id, Duration.ofMinutes(2));
    JsonNode progress = system.parse(system.get("/" + id + "/progress"));
    assertThat(progress.get("status").stringValue()).isEqualTo("completed");
    assertThat(progress.get("percent").longValue()).isEqualTo(100);
    long logs = expected("logs", null, null, List.of()).rows().size();
    long anomalies = expected("anomalies", null, null, List.of()).rows().size();
    assertThat(progress.get("records_exported").longValue()).isEqualTo(logs + anomalies);
    assertThat(progress.get("data_types").get("logs").get("records_exported").longValue())
        .isEqualTo(logs);
    int shards = progress.get("shards_total").intValue();
    assertThat(shards).isGreaterThanOrEqualTo((int) (logs / RunningSystem.SHARD_TARGET_ROWS));
    assertThat(progress.get("shards_completed").intValue()).isEqualTo(shards);
    Set<String> workers = new HashSet<>();
    progress
        .get("shards")
        .forEach(
            s -> {
              workers.add(s.get("worker_id").stringValue());
              Instant started = Instant.parse(s.get("started_at").stringValue());
              Instant completed = Instant.parse(s.get("completed_at").stringValue());
              assertThat(s.get("duration_ms").longValue())
                  .isEqualTo(Duration.between(started, completed).toMillis());
            });
    assertThat(workers).containsExactlyInAnyOrder("worker-a", "worker-b");
    assertThat(recordsExportedMetric("logs") - exportedBefore).isGreaterThanOrEqualTo(logs);
  }

  /** The workers' Prometheus counter of records written, summed over both workers. */
  private static double recordsExportedMetric(String dataType) {
    return system.workerCount("exporter.records.exported", "data_type", dataType);
  }

  private static List<Map<String, String>> read(
      String format, byte[] content, Records.Columns columns, boolean metadata) throws IOException {
    return switch (format) {
      case "jsonl" -> Records.fromJsonLines(content, columns);
      case "csv" -> Records.fromCsv(content, columns);
      default -> {
        JsonNode document = Records.readJson(content);
        assertThat(document.isObject()).as("JSON with metadata is an object").isEqualTo(metadata);
        yield Records.fromJsonDocument(document, columns);
      }
    };
  }

  private static Records.Expected expected(
      String type, OffsetDateTime from, OffsetDateTime to, List<String> processes)
      throws Exception {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS.get(type) + " FROM public." + type + " WHERE true");
    List<Object> params = new java.util.ArrayList<>();
    if (from != null) {
      sql.append(" AND ").append(TIME.get(type)).append(" >= ?");
      params.add(from);
    }
    if (to != null) {
      sql.append(" AND ").append(TIME.get(type)).append(" < ?");
      params.add(to);
    }
    for (int i = 0; i < processes.size(); i++) {
      sql.append(i == 0 ? " AND process IN (?" : ", ?");
      params.add(processes.get(i));
      if (i == processes.size() - 1) {
        sql.append(")");
      }
    }
    sql.append(" ORDER BY ").append(ORDER.get(type));
    try (Connection c = system.services.connect()) {
      return Records.query(c, sql.toString(), params.toArray());
    }
  }

  /** The file must decompress with the gzip tool itself, as users will run it. */
  private static void assertValidForGzipTool(byte[] stored) throws Exception {
    Path file = Files.createTempFile("export", ".gz");
    try {
      Files.write(file, stored);
      Process gzip =
          new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
      String output = new String(gzip.getInputStream().readAllBytes());
      assertThat(gzip.waitFor()).as("gzip -t: " + output).isZero();
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
