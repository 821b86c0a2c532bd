package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Parquet, max_file_size, partition_by, sample and split through the API: exports, templates and
 * schedules store them and echo them as sent; bad ones are a 400 naming each field, with nothing
 * stored. Keys are checked against the source tables' catalog types.
 */
class DatasetOptionsApiIT {
  private static final String OPTIONS =
      """
      "output_format": "parquet", "compression": "zstd", "max_file_size": "256MB",
      "partition_by": "day",
      "sample": {"fraction": 0.25, "seed": "q1", "key": "id"},
      "split": {"ratios": {"train": 0.8, "validation": 0.1, "test": 0.1}, "key": "process",
                "seed": "s"}
      """;
  private static RunningGateway gateway;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    token = gateway.userToken("dataset-dana");
  }

  @Test
  void an_export_stores_and_echoes_the_options_as_sent() throws Exception {
    HttpResponse<String> created =
        gateway.send(
            "POST",
            "/api/v1/export",
            "{\"data_types\": [\"logs\", \"anomalies\"], " + OPTIONS + "}",
            token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    String id = gateway.jsonOf(created).get("export_id").stringValue();
    JsonNode config =
        gateway
            .jsonOf(gateway.send("GET", "/api/v1/export/" + id + "/status", null, token))
            .get("config");
    assertEchoed(config);
  }

  @Test
  void a_template_stores_and_echoes_the_options() throws Exception {
    HttpResponse<String> created =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\": \"ml set\", \"config\": {\"data_types\": [\"logs\"], " + OPTIONS + "}}",
            token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = gateway.jsonOf(created).get("template_id").stringValue();
    assertEchoed(gateway.jsonOf(created).get("config"));
    assertEchoed(
        gateway
            .jsonOf(gateway.send("GET", "/api/v1/export/templates/" + id, null, token))
            .get("config"));
  }

  @Test
  void a_schedule_stores_and_echoes_the_options() throws Exception {
    HttpResponse<String> created =
        gateway.send(
            "POST",
            "/api/v1/schedules",
            "{\"name\": \"nightly ml set\", \"cron\": \"0 2 * * *\", \"mode\": \"window\","
                + " \"window\": \"P1D\", \"export\": {\"data_types\": [\"logs\"], "
                + OPTIONS
                + "}}",
            token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = gateway.jsonOf(created).get("schedule_id").stringValue();
    assertEchoed(gateway.jsonOf(created).get("export"));
    assertEchoed(
        gateway.jsonOf(gateway.send("GET", "/api/v1/schedules/" + id, null, token)).get("export"));
  }

  @Test
  void bad_options_are_a_400_naming_each_field_and_nothing_is_stored() throws Exception {
    String bad =
        """
        {"data_types": ["logs", "ips"], "compression": "snappy", "max_file_size": "10 parsecs",
         "partition_by": "week", "sample": {"fraction": 0, "key": "metadata"},
         "split": {"ratios": {"train": 0.8, "test": 0.1}, "key": "host"}}
        """;
    long exports = gateway.storedExports();
    HttpResponse<String> refused = gateway.send("POST", "/api/v1/export", bad, token);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(fields(refused))
        .containsExactlyInAnyOrder(
            "compression",
            "max_file_size",
            "partition_by",
            "sample.fraction",
            "sample.key",
            "sample.key",
            "split.ratios",
            "split.key");
    assertThat(gateway.jsonOf(refused).toString())
        .contains("must sum to 1, not 0.9")
        .contains("'host' is not a column of ips")
        .contains("jsonb");
    assertThat(gateway.storedExports()).isEqualTo(exports);

    long templates = gateway.storedTemplates();
    HttpResponse<String> template =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\": \"bad\", \"config\": " + bad + "}",
            token);
    assertThat(template.statusCode()).isEqualTo(400);
    assertThat(fields(template))
        .allMatch(f -> f.startsWith("config.") || !f.contains("."))
        .isNotEmpty();
    assertThat(gateway.storedTemplates()).isEqualTo(templates);

    HttpResponse<String> schedule =
        gateway.send(
            "POST",
            "/api/v1/schedules",
            "{\"name\": \"bad\", \"cron\": \"@daily\", \"mode\": \"window\", \"window\": \"P1D\","
                + " \"export\": "
                + bad
                + "}",
            token);
    assertThat(schedule.statusCode()).isEqualTo(400);
    assertThat(fields(schedule)).contains("export.split.ratios", "export.sample.key");
  }

  private static void assertEchoed(JsonNode config) {
    assertThat(config.get("output_format").stringValue()).isEqualTo("parquet");
    assertThat(config.get("compression").stringValue()).isEqualTo("zstd");
    assertThat(config.get("max_file_size").stringValue()).isEqualTo("256MB");
    assertThat(config.get("partition_by").stringValue()).isEqualTo("day");
    JsonNode sample = config.get("sample");
    assertThat(sample.get("fraction").doubleValue()).isEqualTo(0.25);
    assertThat(sample.has("rows")).isFalse();
    assertThat(sample.get("seed").stringValue()).isEqualTo("q1");
    assertThat(sample.get("key").stringValue()).isEqualTo("id");
    JsonNode split = config.get("split");
    assertThat(split.get("ratios").propertyNames())
        .containsExactlyInAnyOrder("train", "validation", "test");
    assertThat(split.get("ratios").get("train").doubleValue()).isEqualTo(0.8);
    assertThat(split.get("key").stringValue()).isEqualTo("process");
    assertThat(split.get("seed").stringValue()).isEqualTo("s");
  }

  private static List<String> fields(HttpResponse<String> response) {
    List<String> fields = new ArrayList<>();
    gateway.jsonOf(response).path("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    return fields;
  }
}
