package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.worker.format.CsvRecordWriter;
import io.dataexporter.worker.snapshot.HeldSnapshot;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * CSV exports without transformations take the COPY fast path (PostgreSQL writes the records); its
 * output must be byte for byte what the general path (JDBC rows through the Java CSV writer)
 * writes, and its validation, rejected records and quality figures what the general path reports.
 */
class CopyFastPathIT {
  private static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @Test
  void csv_from_copy_is_byte_for_byte_the_java_writers_output() throws Exception {
    double before = shards("logs", "copy");
    String id = system.submit("{\"data_types\": [\"logs\"], \"output_format\": \"csv\"}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(shards("logs", "copy") - before)
        .as("every shard took the fast path")
        .isEqualTo(
            system.parse(system.get("/" + id + "/progress")).get("shards_total").doubleValue());
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    byte[] exported = system.fetch(file(listing, "logs", "data").get("url").stringValue());

    assertThat(new String(exported, StandardCharsets.UTF_8))
        .isEqualTo(new String(javaWriterCsv("logs"), StandardCharsets.UTF_8));
  }

  @Test
  void timestamps_the_fast_path_cannot_format_send_the_shard_down_the_general_path()
      throws Exception {
    String id = system.submit("{\"data_types\": [\"far_times\"], \"output_format\": \"csv\"}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    String exported =
        new String(
            system.fetch(file(listing, "far_times", "data").get("url").stringValue()),
            StandardCharsets.UTF_8);
    assertThat(exported).contains("+12000-01-01T00:00:00Z").contains("\"ordinary\"");
    assertThat(shards("far_times", "general")).as("the shard fell back").isPositive();
    assertThat(exported).isEqualTo(new String(javaWriterCsv("far_times"), StandardCharsets.UTF_8));
  }

  @Test
  void a_copy_stopped_midway_leaves_its_connection_in_step() throws Exception {
    var dataset = system.workers.get(0).getBean(DatasetRegistry.class).get("logs");
    try (Connection only = system.services.connect();
        HeldSnapshot held =
            HeldSnapshot.take(system.services.connect(), java.util.UUID.randomUUID(), 0)) {
      Jdbi jdbi =
          Jdbi.create(
              new ConnectionFactory() {
                @Override
                public Connection openConnection() {
                  return only;
                }

                @Override
                public void closeConnection(Connection c) {
                  // the one connection is reused, as a pool would
                }
              });
      SourceCopy copy = new SourceCopy(jdbi);
      SourceColumns columns = copy.columns(dataset).orElseThrow();
      int[] seen = {0};
      assertThatThrownBy(
              () ->
                  copy.copy(
                      new RowFilter(dataset, null, null, List.of(), true),
                      columns,
                      null,
                      1000,
                      List.of(held.name()),
                      row -> {
                        if (++seen[0] == 10) {
                          throw new IllegalStateException("stopped by the sink");
                        }
                      },
                      null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("stopped by the sink");
      for (int n = 1; n <= 3; n++) {
        String sql = "SELECT " + n;
        Integer answer = jdbi.withHandle(h -> h.createQuery(sql).mapTo(Integer.class).one());
        assertThat(answer).as("each query answers for itself").isEqualTo(n);
      }
    }
  }

  @Test
  void rows_failing_validation_are_rejected_as_the_general_path_rejects_them() throws Exception {
    // bad_logs holds rows without id, timestamp or message (basic's rules) among valid ones;
    // CSV takes the fast path, JSON Lines the general one
    String csv =
        system.submit(
            "{\"data_types\": [\"bad_logs\"], \"output_format\": \"csv\", \"validation_level\": \"basic\"}");
    String jsonl =
        system.submit(
            "{\"data_types\": [\"bad_logs\"], \"output_format\": \"jsonl\", \"validation_level\": \"basic\"}");
    JsonNode viaCopy = system.awaitFinished(csv, Duration.ofMinutes(1));
    JsonNode viaJava = system.awaitFinished(jsonl, Duration.ofMinutes(1));
    assertThat(viaCopy.get("status").stringValue()).isEqualTo("completed");
    assertThat(viaJava.get("validation").get("bad_logs").get("rejected").longValue())
        .as("the fixture has rows basic validation rejects")
        .isPositive();
    assertThat(viaCopy.get("validation").get("bad_logs"))
        .isEqualTo(viaJava.get("validation").get("bad_logs"));
    assertThat(viaCopy.get("record_counts")).isEqualTo(viaJava.get("record_counts"));

    JsonNode copyListing = system.parse(system.get("/download/" + csv));
    JsonNode javaListing = system.parse(system.get("/download/" + jsonl));
    assertThat(lines(file(copyListing, "bad_logs", "rejected")))
        .isEqualTo(lines(file(javaListing, "bad_logs", "rejected")));
    assertThat(manifest(copyListing).get("quality"))
        .isEqualTo(manifest(javaListing).get("quality"));
  }

  /**
   * Parts of over 5 MiB (uncompressed CSV of 3.3 kB rows) are joined by the store itself; the file
   * is still byte for byte the Java writer's, and its listed size and SHA-256 are those of the
   * bytes downloaded.
   */
  @Test
  void a_file_of_large_parts_is_joined_in_the_store() throws Exception {
    double inStore = assembled("store");
    double copied = assembled("copy");
    String id =
        system.submit(
            "{\"data_types\": [\"wide_events\"], \"output_format\": \"csv\", \"compression\": false}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    assertThat(system.parse(system.get("/" + id + "/progress")).get("shards_total").intValue())
        .isGreaterThanOrEqualTo(3);
    assertThat(assembled("store") - inStore).as("joined in the store").isEqualTo(1);
    assertThat(assembled("copy") - copied).isZero();

    JsonNode listing = system.parse(system.get("/download/" + id));
    JsonNode file = file(listing, "wide_events", "data");
    byte[] exported = system.fetch(file.get("url").stringValue());
    assertThat(exported.length).isGreaterThan(15_000_000);
    assertThat(file.get("size").longValue()).isEqualTo(exported.length);
    assertThat(file.get("sha256").stringValue()).isEqualTo(RunningSystem.sha256(exported));
    assertThat(new String(exported, StandardCharsets.UTF_8))
        .isEqualTo(new String(javaWriterCsv("wide_events"), StandardCharsets.UTF_8));
  }

  /** Compressed, the same parts are small: copied through the worker, and still complete. */
  @Test
  void a_file_of_small_parts_is_copied_through_the_worker() throws Exception {
    double copied = assembled("copy");
    String id =
        system.submit(
            "{\"data_types\": [\"wide_events\"], \"output_format\": \"csv\", \"compression\": true}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    assertThat(assembled("copy") - copied).isEqualTo(1);
    JsonNode listing = system.parse(system.get("/download/" + id));
    byte[] gzip = system.fetch(file(listing, "wide_events", "data").get("url").stringValue());
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(new String(javaWriterCsv("wide_events"), StandardCharsets.UTF_8));
    }
  }

  /** Completed shards of a data type by path, over both workers. */
  private static double shards(String dataType, String path) {
    return system.workerCount("exporter.shard.paths", "data_type", dataType, "path", path);
  }

  /** Data files assembled by a method (store, copy), over both workers. */
  private static double assembled(String method) {
    return system.workerCount("exporter.files.assembled", "method", method);
  }

  /** The general path's CSV of a whole dataset: the header, then SourceRows through the writer. */
  private static byte[] javaWriterCsv(String dataType) throws Exception {
    ConfigurableApplicationContext worker = system.workers.get(0);
    var dataset = worker.getBean(DatasetRegistry.class).get(dataType);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(CsvRecordWriter.header(dataset.columns()));
    CsvRecordWriter[] writer = new CsvRecordWriter[1];
    try (HeldSnapshot moment =
        HeldSnapshot.take(system.services.connect(), java.util.UUID.randomUUID(), 0)) {
      new SourceRows(worker.getBean(Jdbi.class))
          .stream(
              new RowFilter(dataset, null, null, List.of(), true),
              null,
              1000,
              List.of(moment.name()),
              new SourceRows.RowSink() {
                @Override
                public void begin(SourceColumns columns) throws Exception {
                  writer[0] = new CsvRecordWriter(out, columns);
                }

                @Override
                public void accept(Object[] row) throws Exception {
                  writer[0].write(row);
                }
              });
    }
    writer[0].finish();
    return out.toByteArray();
  }

  private static JsonNode file(JsonNode listing, String type, String kind) {
    for (JsonNode f : listing.get("files")) {
      // kind first: the data card and schema.json have no data type
      if (f.get("kind").stringValue().equals(kind)
          && f.get("data_type").stringValue().equals(type)) {
        return f;
      }
    }
    throw new AssertionError("no " + kind + " file for " + type + " in " + listing);
  }

  private static List<String> lines(JsonNode file) throws Exception {
    String text = new String(system.fetch(file.get("url").stringValue()), StandardCharsets.UTF_8);
    return new ArrayList<>(List.of(text.split("\n")));
  }

  private static JsonNode manifest(JsonNode listing) throws Exception {
    return Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
  }
}
