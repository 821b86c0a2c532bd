package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The REST contract: validation, routes with and without trailing slash, history, download, delete,
 * cleanup, stats.
 */
class ExportApiIT {
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|data_types",
        "{\"data_types\": []}|data_types",
        "{\"data_types\": \"logs\"}|data_types",
        "{\"data_types\": [\"logs\", \"metrics\"]}|data_types",
        "{\"data_types\": [\"logs\"], \"start_date\": \"yesterday\"}|start_date",
        "{\"data_types\": [\"logs\"], \"start_date\": \"2024-01-01T00:00:00\"}|start_date",
        "{\"data_types\": [\"logs\"], \"end_date\": 1704067200}|end_date",
        "{\"data_types\": [\"logs\"], \"start_date\": \"2024-02-01T00:00:00Z\", \"end_date\": \"2024-02-01T01:00:00+01:00\"}|end_date",
        "{\"data_types\": [\"logs\"], \"batch_size\": 0}|batch_size",
        "{\"data_types\": [\"logs\"], \"batch_size\": 100001}|batch_size",
        "{\"data_types\": [\"logs\"], \"batch_size\": \"100\"}|batch_size",
        "{\"data_types\": [\"logs\"], \"batch_size\": 10.5}|batch_size",
        "{\"data_types\": [\"logs\"], \"output_format\": \"xml\"}|output_format",
        "{\"data_types\": [\"logs\"], \"output_format\": \"JSON\"}|output_format",
        "{\"data_types\": [\"logs\"], \"validation_level\": \"paranoid\"}|validation_level",
        "{\"data_types\": [\"logs\"], \"compression\": \"yes\"}|compression",
        "{\"data_types\": [\"logs\"], \"include_metadata\": 1}|include_metadata",
        "{\"data_types\": [\"logs\"], \"processes\": \"nginx\"}|processes",
        "{\"data_types\": [\"logs\"], \"processes\": [\"nginx\", 7]}|processes",
        "{\"data_types\": [\"logs\"], \"filters\": []}|filters",
        "{\"data_types\": [\"logs\"], \"transformations\": []}|transformations",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"explode\"}]}}|transformations.logs[0].op",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"hash\", \"field\": \"nope\"}]}}|transformations.logs[0].field",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"ips\": [{\"op\": \"hash\", \"field\": \"ip\"}]}}|transformations.ips",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"rename\", \"from\": \"host\", \"to\": \"level\"}]}}|transformations.logs[0].to",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"mask_ip\", \"field\": \"source_ip\", \"prefix\": 33}]}}|transformations.logs[0].prefix",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"drop\", \"fields\": [\"host\"]}, {\"op\": \"hash\", \"field\": \"host\"}]}}|transformations.logs[1].field",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"timestamp_format\", \"format\": \"rfc822\"}]}}|transformations.logs[0].format",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"truncate\", \"field\": \"message\"}]}}|transformations.logs[0].max_length",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"extract\", \"field\": \"metadata\", \"path\": \"a..b\", \"as\": \"x\"}]}}|transformations.logs[0].path",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"(a\", \"replacement\": \"\"}]}}|transformations.logs[0].pattern",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"((a{1000}){1000}){1000}\", \"replacement\": \"\"}]}}|transformations.logs[0].pattern",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"map\", \"field\": \"level\", \"values\": [\"ERROR\"]}]}}|transformations.logs[0].values",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"cast\", \"field\": \"pid\", \"to\": \"date\"}]}}|transformations.logs[0].to",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"concat\", \"fields\": [\"host\", \"nope\"], \"to\": \"x\"}]}}|transformations.logs[0].fields",
        "{\"data_types\": [\"logs\"], \"transformations\": {\"logs\": [{\"op\": \"case\", \"field\": \"nope\", \"to\": \"upper\"}]}}|transformations.logs[0].field",
        "{\"data_types\": [\"logs\"], \"processes\": [\"%s\"]}|processes",
        "{\"data_types\": [\"logs\"], \"start_date\": \"2024-02-30T00:00:00Z\"}|start_date",
        "{\"data_types\": [[\"logs\"]]}|data_types",
        "{\"data_types\": [\"logs\"], \"batch_size\": -5}|batch_size",
        "{\"data_types\": [\"logs\"], \"include_metadata\": \"true\"}|include_metadata",
        "null|body",
        "42|body",
        "[\"logs\"]|body",
        "{\"data_types\": [\"logs\"]|body",
      })
  void malformed_requests_get_a_problem_naming_the_field_and_store_nothing(
      String body, String field) throws Exception {
    body = body.replace("%s", "x".repeat(300));
    long before = jobCount();
    HttpResponse<String> response = system.post("/", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode problem = system.parse(response);
    assertThat(problem.get("status").intValue()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    assertThat(fields).contains(field);
    assertThat(jobCount()).isEqualTo(before);
  }

  @Test
  void oversized_bodies_and_wrong_media_types_are_refused_and_the_service_stays_healthy()
      throws Exception {
    long before = jobCount();
    String huge =
        "{\"data_types\": [\"logs\"], \"filters\": {\"x\": \"" + "y".repeat(100_000) + "\"}}";
    HttpResponse<String> tooLarge = system.post("/", huge);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    StringBuilder many = new StringBuilder("{\"data_types\": [\"logs\"], \"processes\": [");
    for (int i = 0; i < 1001; i++) {
      many.append(i == 0 ? "" : ",").append("\"p").append(i).append("\"");
    }
    assertThat(system.post("/", many.append("]}").toString()).statusCode()).isEqualTo(400);
    HttpResponse<String> text =
        system.http.send(
            RunningSystem.authorized(
                    HttpRequest.newBuilder(URI.create(system.baseUrl + "/")),
                    RunningSystem.ADMIN_TOKEN)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data_types\": [\"logs\"]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(text.statusCode()).isEqualTo(415);
    assertThat(system.post("/" + UUID.randomUUID() + "/cancel", "").statusCode()).isEqualTo(404);
    assertThat(system.post("/" + UUID.randomUUID() + "/retry", "").statusCode()).isEqualTo(404);
    assertThat(system.post("/not-a-uuid/retry", "").statusCode()).isEqualTo(404);
    assertThat(jobCount()).isEqualTo(before);
    String health = system.baseUrl.replace("/api/v1/export", "/actuator/health");
    HttpResponse<String> up =
        system.http.send(
            HttpRequest.newBuilder(URI.create(health)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(up.body()).contains("UP");
    assertThat(system.post("/", "{\"data_types\": [\"ips\"]}").statusCode()).isEqualTo(200);
  }

  @Test
  void several_bad_fields_are_all_reported_at_once() throws Exception {
    HttpResponse<String> response =
        system.post("/", "{\"data_types\": [], \"batch_size\": -1, \"output_format\": \"xls\"}");
    List<String> fields = new ArrayList<>();
    system.parse(response).get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    assertThat(fields).containsExactlyInAnyOrder("data_types", "batch_size", "output_format");
  }

  @Test
  void routes_answer_with_and_without_trailing_slash() throws Exception {
    HttpResponse<String> created = system.post("", "{\"data_types\": [\"ips\"]}");
    assertThat(created.statusCode()).isEqualTo(200);
    JsonNode job = system.parse(created);
    assertThat(job.get("status").stringValue()).isEqualTo("pending");
    // the original service's ExportMetadata names stay in the create response
    assertThat(job.get("export_config").get("data_types").get(0).stringValue()).isEqualTo("ips");
    assertThat(job.get("record_count").longValue()).isZero();
    assertThat(job.has("data_version")).isTrue();
    String id = job.get("export_id").stringValue();
    assertThat(system.get("/" + id + "/status").statusCode()).isEqualTo(200);
    assertThat(system.get("/" + id + "/status/").statusCode()).isEqualTo(200);
    system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(system.get("/" + id + "/progress/").statusCode()).isEqualTo(200);
    assertThat(system.get("/download/" + id + "/").statusCode()).isEqualTo(200);
    assertThat(system.get("/stats").statusCode()).isEqualTo(200);
    assertThat(system.get("/stats/").statusCode()).isEqualTo(200);
    assertThat(system.get("").statusCode()).isEqualTo(200);
    assertThat(system.get("/?limit=1").statusCode()).isEqualTo(200);
  }

  @Test
  void status_carries_the_original_fields_and_defaults() throws Exception {
    String id = system.submit("{\"data_types\": [\"anomalies\"]}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    for (String field :
        List.of(
            "export_id",
            "created_at",
            "updated_at",
            "status",
            "data_types",
            "config",
            "record_counts",
            "file_sizes",
            "error_message",
            "is_compressed",
            "total_records",
            "total_size")) {
      assertThat(status.has(field)).as(field).isTrue();
    }
    JsonNode config = status.get("config");
    assertThat(config.get("batch_size").intValue()).isEqualTo(1000);
    assertThat(config.get("include_metadata").booleanValue()).isTrue();
    assertThat(config.get("validation_level").stringValue()).isEqualTo("basic");
    assertThat(config.get("output_format").stringValue()).isEqualTo("json");
    assertThat(config.get("compression").booleanValue()).isFalse();
    assertThat(status.get("total_records").longValue())
        .isEqualTo(status.get("record_counts").get("anomalies").longValue())
        .isPositive();
    assertThat(status.get("total_size").longValue())
        .isEqualTo(status.get("file_sizes").get("anomalies").longValue())
        .isPositive();
  }

  @Test
  void history_is_newest_first_and_pages() throws Exception {
    String older = system.submit("{\"data_types\": [\"ips\"]}");
    String newer = system.submit("{\"data_types\": [\"ips\"]}");
    JsonNode page = system.parse(system.get("/?limit=2&offset=0"));
    assertThat(page.get("limit").intValue()).isEqualTo(2);
    assertThat(page.get("offset").intValue()).isZero();
    assertThat(page.get("total").longValue()).isGreaterThanOrEqualTo(2);
    assertThat(page.get("items").get(0).get("export_id").stringValue()).isEqualTo(newer);
    assertThat(page.get("items").get(1).get("export_id").stringValue()).isEqualTo(older);
    JsonNode next = system.parse(system.get("/?limit=1&offset=1"));
    assertThat(next.get("items").get(0).get("export_id").stringValue()).isEqualTo(older);
    assertThat(system.get("/?limit=0").statusCode()).isEqualTo(400);
    assertThat(system.get("/?offset=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void a_file_link_redirects_to_a_presigned_url_that_serves_the_file() throws Exception {
    String id =
        system.submit("{\"data_types\": [\"ips\", \"anomalies\"], \"output_format\": \"jsonl\"}");
    system.awaitFinished(id, Duration.ofMinutes(1));
    HttpResponse<String> redirect = system.get("/download/" + id + "?data_type=ips");
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    JsonNode listing = system.parse(system.get("/download/" + id));
    assertThat(listing.get("expires_at").stringValue()).isNotBlank();
    JsonNode ips = listing.get("files").get(0);
    assertThat(ips.get("data_type").stringValue()).isEqualTo("ips");
    assertThat(system.fetch(location)).hasSize((int) ips.get("size").longValue());
    assertThat(system.get("/download/" + id + "?data_type=logs").statusCode()).isEqualTo(404);
    // a tampered signature is refused by the store
    HttpResponse<String> tampered =
        system.http.send(
            HttpRequest.newBuilder(
                    URI.create(location.replace("X-Amz-Signature=", "X-Amz-Signature=0")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tampered.statusCode()).isEqualTo(403);
  }

  @Test
  void unknown_exports_are_404_problems() throws Exception {
    String unknown = UUID.randomUUID().toString();
    for (String path :
        List.of(
            "/" + unknown + "/status",
            "/" + unknown + "/progress",
            "/download/" + unknown,
            "/not-a-uuid/status")) {
      HttpResponse<String> response = system.get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }
    assertThat(system.delete("/" + unknown).statusCode()).isEqualTo(404);
  }

  @Test
  void delete_removes_the_job_and_its_objects() throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}");
    system.awaitFinished(id, Duration.ofMinutes(1));
    String url =
        system.parse(system.get("/download/" + id)).get("files").get(0).get("url").stringValue();
    HttpResponse<String> deleted = system.delete("/" + id);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(system.parse(deleted).get("freed_bytes").longValue()).isPositive();
    assertThat(system.get("/" + id + "/status").statusCode()).isEqualTo(404);
    assertThat(system.delete("/" + id + "/").statusCode()).isEqualTo(404);
    HttpResponse<String> gone =
        system.http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(gone.statusCode()).isEqualTo(404);
  }

  @Test
  void cleanup_removes_exports_past_the_retention_only() throws Exception {
    String old = system.submit("{\"data_types\": [\"ips\"]}");
    String fresh = system.submit("{\"data_types\": [\"ips\"]}");
    system.awaitFinished(old, Duration.ofMinutes(1));
    system.awaitFinished(fresh, Duration.ofMinutes(1));
    try (Connection c = system.services.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE exporter.export_jobs SET created_at = now() - interval '8 days' WHERE id = ?::uuid")) {
      ps.setString(1, old);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    HttpResponse<String> response = system.post("/cleanup/", "");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode result = system.parse(response);
    List<String> removed = new ArrayList<>();
    result.get("export_ids").forEach(n -> removed.add(n.stringValue()));
    assertThat(removed).contains(old).doesNotContain(fresh);
    assertThat(result.get("freed_bytes").longValue()).isPositive();
    assertThat(system.get("/" + old + "/status").statusCode()).isEqualTo(404);
    assertThat(system.get("/" + fresh + "/status").statusCode()).isEqualTo(200);
  }

  @Test
  void stats_count_exports_by_status_and_size() throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"]}");
    system.awaitFinished(id, Duration.ofMinutes(1));
    JsonNode stats = system.parse(system.get("/stats"));
    assertThat(stats.get("total_exports").longValue()).isEqualTo(jobCount());
    assertThat(stats.get("total_size").longValue()).isPositive();
    assertThat(stats.get("newest_export").stringValue()).isNotBlank();
    assertThat(stats.get("oldest_export").stringValue()).isNotBlank();
    assertThat(stats.get("by_status").get("completed").longValue()).isPositive();
  }

  private static long jobCount() throws Exception {
    try (Connection c = system.services.connect();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM exporter.export_jobs")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
