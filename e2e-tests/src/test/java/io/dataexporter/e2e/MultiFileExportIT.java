package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.luben.zstd.ZstdInputStream;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.gateway.export.ExportRequestParser;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.FileSize;
import io.dataexporter.job.PartitionBy;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ExportRequested;
import io.dataexporter.testsupport.pgp.Gpg;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Multi-file exports ({@code max_file_size}, {@code partition_by}): every file within the limit,
 * and the files of a type, in order, hold the records of the one-file export of the same request in
 * the same order; time partitions cut exactly at UTC boundaries; a type without rows still has its
 * one file; a record larger than the limit fails the export, saying so.
 */
class MultiFileExportIT {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    try (var c = system.services.connect();
        var s = c.createStatement()) {
      s.execute(
          """
          DROP TABLE IF EXISTS public.edge_times;
          CREATE TABLE public.edge_times (id bigint PRIMARY KEY, at timestamptz, note text);
          INSERT INTO public.edge_times VALUES
            (1, '2024-01-31 23:59:59.999999+00', 'last of january'),
            (2, '2024-02-01 00:00:00+00', 'first of february'),
            (3, '2024-02-01 00:59:59.999999+00', 'end of hour 0'),
            (4, '2024-02-01 01:00:00+00', 'start of hour 1'),
            (5, '2024-02-01 23:59:59.999999+00', 'last of the day'),
            (6, '2024-02-02 00:00:00+00', 'next day'),
            (7, '2024-02-29 23:59:59.999999+00', 'leap day end'),
            (8, '2024-03-01 00:00:00+00', 'march'),
            (9, NULL, 'no time'),
            (10, NULL, 'no time either');
          ANALYZE public.edge_times;\
          """);
    }
  }

  /**
   * Submits {@code body} with the file layout options, straight to the job table and the planning
   * queue (as the gateway does once it has parsed them).
   */
  private static String submit(String body, FileSize size, PartitionBy partitionBy)
      throws Exception {
    return submit(body, size, partitionBy, "admin");
  }

  private static String submit(String body, FileSize size, PartitionBy partitionBy, String owner)
      throws Exception {
    var worker = system.workers.get(0);
    ExportRequest request =
        new ExportRequestParser(worker.getBean(DatasetRegistry.class), JSON)
            .parse(JSON.readTree(body))
            .withDatasetOptions(null, null, size, partitionBy);
    ExportJob job = ExportJob.pending(UUID.randomUUID(), request, Instant.now(), owner);
    worker.getBean(ExportJobRepository.class).insert(job);
    worker.getBean(ConfirmedPublisher.class).requestExport(new ExportRequested(job.id()));
    return job.id().toString();
  }

  private static FileSize size(long bytes) {
    return new FileSize(bytes, bytes);
  }

  private static JsonNode completed(String id) throws Exception {
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    return system.parse(system.get("/download/" + id));
  }

  private static List<JsonNode> dataFiles(JsonNode listing, String type) {
    List<JsonNode> files = new ArrayList<>();
    for (JsonNode f : listing.get("files")) {
      if (f.get("kind").stringValue().equals("data")
          && f.get("data_type").stringValue().equals(type)) {
        files.add(f);
      }
    }
    files.sort((a, b) -> a.get("name").stringValue().compareTo(b.get("name").stringValue()));
    return files;
  }

  private static byte[] decoded(String name, byte[] stored) throws Exception {
    if (name.endsWith(".gz")) {
      return Records.gunzip(stored);
    }
    if (name.endsWith(".zst")) {
      try (var in = new ZstdInputStream(new ByteArrayInputStream(stored))) {
        return in.readAllBytes();
      }
    }
    return stored;
  }

  private static byte[] fetch(JsonNode file) throws Exception {
    byte[] stored = system.fetch(file.get("url").stringValue());
    assertThat(stored.length).isEqualTo(file.get("size").longValue());
    return stored;
  }

  @Test
  void size_limited_csv_gzip_files_hold_the_one_file_exports_records_in_order() throws Exception {
    sizeLimited(
        "{\"data_types\": [\"logs\"], \"output_format\": \"csv\", \"compression\": \"gzip\","
            + " \"batch_size\": 500}",
        "csv");
  }

  @Test
  void size_limited_jsonl_zstd_files_hold_the_one_file_exports_records_in_order() throws Exception {
    sizeLimited(
        "{\"data_types\": [\"logs\"], \"output_format\": \"jsonl\", \"compression\": \"zstd\"}",
        "jsonl");
  }

  @Test
  void size_limited_json_files_with_metadata_hold_the_one_file_exports_records_in_order()
      throws Exception {
    sizeLimited(
        "{\"data_types\": [\"logs\"], \"output_format\": \"json\", \"include_metadata\": true}",
        "json");
  }

  private void sizeLimited(String body, String format) throws Exception {
    String single = system.submit(body);
    JsonNode one = dataFiles(completed(single), "logs").get(0);
    byte[] whole = decoded(one.get("name").stringValue(), fetch(one));
    // the stored size of the one file over ~12 gives many files across the ~5 shards
    long limit = Math.max(FileSize.MIN, one.get("size").longValue() / 12);
    String multi = submit(body, size(limit), null);
    JsonNode listing = completed(multi);
    List<JsonNode> files = dataFiles(listing, "logs");
    assertThat(files.size()).as("many files").isGreaterThan(8);
    int shards = system.parse(system.get("/" + multi + "/progress")).get("shards_total").intValue();
    assertThat(shards).as("several shards").isGreaterThan(2);
    List<byte[]> contents = new ArrayList<>();
    long records = 0;
    for (int i = 0; i < files.size(); i++) {
      JsonNode f = files.get(i);
      assertThat(f.get("name").stringValue())
          .isEqualTo(String.format("logs/part-%05d.%s", i, format) + suffix(one));
      byte[] stored = fetch(f);
      assertThat((long) stored.length).as(f.get("name").stringValue()).isLessThanOrEqualTo(limit);
      assertThat(RunningSystem.sha256(stored)).isEqualTo(f.get("sha256").stringValue());
      contents.add(decoded(f.get("name").stringValue(), stored));
      records += f.get("records").longValue();
    }
    assertThat(records).isEqualTo(one.get("records").longValue());
    switch (format) {
      case "csv" -> {
        String header = firstLine(whole);
        StringBuilder joined = new StringBuilder(header);
        for (byte[] c : contents) {
          String text = new String(c, StandardCharsets.UTF_8);
          assertThat(text).startsWith(header);
          joined.append(text.substring(header.length()));
        }
        assertThat(joined.toString()).isEqualTo(new String(whole, StandardCharsets.UTF_8));
      }
      case "jsonl" -> {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] c : contents) {
          out.write(c);
        }
        assertThat(out.toByteArray()).isEqualTo(whole);
      }
      default -> {
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
          JsonNode doc = Records.readJson(contents.get(i));
          assertThat(doc.get("metadata").get("record_count").longValue())
              .isEqualTo(files.get(i).get("records").longValue())
              .isEqualTo(doc.get("records").size());
          doc.get("records").forEach(all::add);
        }
        List<JsonNode> expected = new ArrayList<>();
        Records.readJson(whole).get("records").forEach(expected::add);
        assertThat(all).isEqualTo(expected);
      }
    }
    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    assertThat(manifest.get("layout").get("multi_file").booleanValue()).isTrue();
    assertThat(manifest.get("layout").get("max_file_size_bytes").longValue()).isEqualTo(limit);
    JsonNode first = manifest.get("files").get(0);
    assertThat(first.get("path").stringValue()).isEqualTo(files.get(0).get("name").stringValue());
    assertThat(first.has("split")).isTrue();
    assertThat(first.has("partition")).isTrue();
  }

  @Test
  void size_limited_encrypted_files_decrypt_to_the_one_file_exports_records() throws Exception {
    assumeTrue(
        System.getenv("CI") != null || Gpg.available(),
        "the gpg command is not installed: encrypted export test skipped");
    String[] user = system.newUser("pieces");
    try (Gpg alice = Gpg.start()) {
      String fpr =
          alice.generate("Alice <alice@example.com>", "future-default", "default", "never", null);
      HttpResponse<String> key =
          system.post(
              "/api/v1/keys",
              system.json.createObjectNode().put("public_key", alice.exportPublic(fpr)).toString(),
              user[1]);
      assertThat(key.statusCode()).as(key.body()).isEqualTo(201);
      String body =
          "{\"data_types\": [\"logs\"], \"output_format\": \"csv\", \"compression\": \"gzip\"";
      String single = system.submit(body + "}");
      JsonNode one = dataFiles(completed(single), "logs").get(0);
      byte[] whole = Records.gunzip(fetch(one));
      long limit = Math.max(FileSize.MIN, one.get("size").longValue() / 6);
      String multi =
          submit(
              body
                  + ", \"encryption\": {\"type\": \"openpgp\", \"recipients\": [\""
                  + fpr.toLowerCase(java.util.Locale.ROOT)
                  + "\"]}}",
              size(limit),
              null,
              user[0]);
      JsonNode status = system.awaitFinished(multi, Duration.ofMinutes(2));
      assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
      List<JsonNode> files =
          dataFiles(system.parse(system.get("/download/" + multi, user[1])), "logs");
      assertThat(files.size()).isGreaterThan(4);
      String header = firstLine(whole);
      StringBuilder joined = new StringBuilder(header);
      for (int i = 0; i < files.size(); i++) {
        JsonNode f = files.get(i);
        assertThat(f.get("name").stringValue())
            .isEqualTo(String.format("logs/part-%05d.csv.gz.pgp", i));
        byte[] stored = fetch(f);
        assertThat((long) stored.length).isLessThanOrEqualTo(limit);
        String text = new String(Records.gunzip(alice.decrypt(stored)), StandardCharsets.UTF_8);
        assertThat(text).startsWith(header);
        joined.append(text.substring(header.length()));
      }
      assertThat(joined.toString()).isEqualTo(new String(whole, StandardCharsets.UTF_8));
    }
  }

  private static String suffix(JsonNode one) {
    String name = one.get("name").stringValue();
    return name.endsWith(".gz") ? ".gz" : name.endsWith(".zst") ? ".zst" : "";
  }

  private static String firstLine(byte[] csv) {
    String text = new String(csv, StandardCharsets.UTF_8);
    return text.substring(0, text.indexOf("\r\n") + 2);
  }

  @Test
  void partitions_cut_exactly_at_utc_boundaries_and_null_times_go_last() throws Exception {
    Map<String, Map<String, List<Long>>> expected = new LinkedHashMap<>();
    expected.put(
        "day",
        Map.of(
            "date=2024-01-31", List.of(1L),
            "date=2024-02-01", List.of(2L, 3L, 4L, 5L),
            "date=2024-02-02", List.of(6L),
            "date=2024-02-29", List.of(7L),
            "date=2024-03-01", List.of(8L),
            "date=__null__", List.of(9L, 10L)));
    expected.put(
        "hour",
        Map.of(
            "date=2024-01-31/hour=23", List.of(1L),
            "date=2024-02-01/hour=00", List.of(2L, 3L),
            "date=2024-02-01/hour=01", List.of(4L),
            "date=2024-02-01/hour=23", List.of(5L),
            "date=2024-02-02/hour=00", List.of(6L),
            "date=2024-02-29/hour=23", List.of(7L),
            "date=2024-03-01/hour=00", List.of(8L),
            "date=__null__/hour=__null__", List.of(9L, 10L)));
    expected.put(
        "month",
        Map.of(
            "month=2024-01", List.of(1L),
            "month=2024-02", List.of(2L, 3L, 4L, 5L, 6L, 7L),
            "month=2024-03", List.of(8L),
            "month=__null__", List.of(9L, 10L)));
    // what PostgreSQL says the UTC day of each row is
    Map<Long, String> days = new TreeMap<>();
    try (var c = system.services.connect();
        var s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM public.edge_times")) {
      while (rs.next()) {
        days.put(rs.getLong(1), rs.getString(2) == null ? "__null__" : rs.getString(2));
      }
    }
    for (var by : expected.entrySet()) {
      String id =
          submit(
              // rows without a time reach the data files only without validation
              "{\"data_types\": [\"edge_times\"], \"output_format\": \"jsonl\","
                  + " \"validation_level\": \"none\"}",
              null,
              PartitionBy.valueOf(by.getKey().toUpperCase(java.util.Locale.ROOT)));
      List<JsonNode> files = dataFiles(completed(id), "edge_times");
      Map<String, List<Long>> found = new LinkedHashMap<>();
      for (JsonNode f : files) {
        String name = f.get("name").stringValue();
        assertThat(name).startsWith("edge_times/").endsWith("/part-00000.jsonl");
        String folder = name.substring("edge_times/".length(), name.lastIndexOf('/'));
        List<Long> ids = new ArrayList<>();
        for (String line : new String(fetch(f), StandardCharsets.UTF_8).split("\n")) {
          JsonNode row = JSON.readTree(line);
          ids.add(row.get("id").longValue());
          if (by.getKey().equals("day")) {
            assertThat(folder).isEqualTo("date=" + days.get(row.get("id").longValue()));
          }
        }
        found.put(folder, ids);
      }
      assertThat(found).as(by.getKey()).isEqualTo(by.getValue());
    }
  }

  @Test
  void a_type_without_rows_gets_one_empty_file() throws Exception {
    String id =
        submit(
            "{\"data_types\": [\"logs\", \"edge_times\"], \"output_format\": \"csv\","
                + " \"compression\": \"gzip\", \"start_date\": \"2024-02-01T00:00:00Z\","
                + " \"end_date\": \"2024-02-02T00:00:00Z\"}",
            size(100_000),
            null);
    JsonNode listing = completed(id);
    List<JsonNode> logs = dataFiles(listing, "logs");
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).get("name").stringValue()).isEqualTo("logs/part-00000.csv.gz");
    assertThat(logs.get(0).get("records").longValue()).isZero();
    String content = new String(Records.gunzip(fetch(logs.get(0))), StandardCharsets.UTF_8);
    assertThat(content).startsWith("id,").endsWith("\r\n");
    assertThat(content.split("\r\n")).as("the header alone").hasSize(1);
    List<JsonNode> edges = dataFiles(listing, "edge_times");
    assertThat(edges).hasSize(1);
    assertThat(edges.get(0).get("records").longValue()).isEqualTo(4);
  }

  @Test
  void a_record_larger_than_the_limit_fails_the_export_saying_so() throws Exception {
    try (var c = system.services.connect();
        var s = c.createStatement()) {
      s.execute(
          "UPDATE public.edge_times SET note = repeat('x', 3000) WHERE id = 6;"
              + " ANALYZE public.edge_times;");
    }
    try {
      String id =
          submit(
              "{\"data_types\": [\"edge_times\"], \"output_format\": \"jsonl\"}",
              size(FileSize.MIN),
              null);
      JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
      assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("failed");
      assertThat(status.toString())
          .contains("a edge_times record of")
          .contains("does not fit max_file_size 1000");
    } finally {
      try (var c = system.services.connect();
          var s = c.createStatement()) {
        s.execute("UPDATE public.edge_times SET note = 'next day' WHERE id = 6");
      }
    }
  }
}
