package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Row filters are checked against the source tables' column types wherever a request is read
 * (export, estimate, template, schedule): a bad one is a 400 naming {@code filters.<type>.<column>}
 * (or {@code filters.<key>}) and nothing is stored. Types come from the catalog of the demo schema
 * (logs: pid int4, timestamp timestamptz, source_ip inet, metadata jsonb; ips: ip inet, asn int4).
 */
class FilterValidationIT {
  private static RunningGateway gateway;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    token = gateway.userToken("filter-fay");
  }

  static Stream<Arguments> badFilters() {
    return Stream.of(
        // unknown columns, data types and operators
        Arguments.of("{\"nope\": 1}", "filters.nope"),
        Arguments.of("{\"logs\": {\"nope\": 1}}", "filters.logs.nope"),
        Arguments.of("{\"ips\": {\"ip\": \"10.0.0.1\"}}", "filters.ips"),
        Arguments.of("{\"logs\": [\"level\"]}", "filters.logs"),
        Arguments.of("{\"level\": {\"like\": \"ERR%\"}}", "filters.logs.level"),
        Arguments.of("{\"level\": {}}", "filters.logs.level"),
        Arguments.of("{\"level\": null}", "filters.logs.level"),
        // wrong types
        Arguments.of("{\"pid\": \"7\"}", "filters.logs.pid"),
        Arguments.of("{\"pid\": 7.5}", "filters.logs.pid"),
        Arguments.of("{\"pid\": 2147483648}", "filters.logs.pid"),
        Arguments.of("{\"pid\": true}", "filters.logs.pid"),
        Arguments.of("{\"level\": 5}", "filters.logs.level"),
        Arguments.of("{\"level\": {\"in\": [\"ERROR\", 5]}}", "filters.logs.level"),
        Arguments.of("{\"level\": {\"is_null\": \"yes\"}}", "filters.logs.level"),
        // empty arrays, oversized lists
        Arguments.of("{\"level\": []}", "filters.logs.level"),
        Arguments.of("{\"level\": {\"not_in\": []}}", "filters.logs.level"),
        Arguments.of("{\"pid\": {\"in\": [" + "1,".repeat(1000) + "1]}}", "filters.logs.pid"),
        // operators that do not apply
        Arguments.of("{\"host\": {\"within\": \"10.0.0.0/8\"}}", "filters.logs.host"),
        Arguments.of("{\"pid\": {\"prefix\": \"1\"}}", "filters.logs.pid"),
        Arguments.of("{\"timestamp\": {\"contains\": \"2024\"}}", "filters.logs.timestamp"),
        Arguments.of("{\"source_ip\": {\"gt\": \"10.0.0.1\"}}", "filters.logs.source_ip"),
        Arguments.of("{\"metadata\": {\"eq\": \"x\"}}", "filters.logs.metadata"),
        Arguments.of("{\"metadata.a\": {\"within\": \"10.0.0.0/8\"}}", "filters.logs.metadata.a"),
        // bad timestamps and addresses
        Arguments.of("{\"timestamp\": {\"gte\": \"2024-01-01\"}}", "filters.logs.timestamp"),
        Arguments.of("{\"timestamp\": \"2024-01-01T00:00:00\"}", "filters.logs.timestamp"),
        Arguments.of("{\"timestamp\": \"yesterday\"}", "filters.logs.timestamp"),
        Arguments.of("{\"timestamp\": \"+20000-01-01T00:00:00Z\"}", "filters.logs.timestamp"),
        Arguments.of("{\"source_ip\": \"10.0.0.256\"}", "filters.logs.source_ip"),
        Arguments.of("{\"source_ip\": {\"within\": \"10.0.0.0/40\"}}", "filters.logs.source_ip"),
        Arguments.of("{\"source_ip\": {\"within\": \"localhost\"}}", "filters.logs.source_ip"),
        Arguments.of("{\"source_ip\": {\"within\": \"2001:db8::/129\"}}", "filters.logs.source_ip"),
        // JSON paths
        Arguments.of(
            "{\"metadata.a.b.c.d.e.f.g.h.i\": 1}", "filters.logs.metadata.a.b.c.d.e.f.g.h.i"),
        Arguments.of("{\"metadata..a\": 1}", "filters.logs.metadata..a"),
        Arguments.of("{\"level.a\": \"x\"}", "filters.logs.level.a"),
        Arguments.of("{\"metadata.n\": [1, \"1\"]}", "filters.logs.metadata.n"),
        Arguments.of("{\"metadata.n\": {\"prefix\": 1}}", "filters.logs.metadata.n"),
        // NaN-ish numbers
        Arguments.of("{\"pid\": \"NaN\"}", "filters.logs.pid"),
        Arguments.of("{\"pid\": 1e400}", "filters.logs.pid"),
        Arguments.of("{\"pid\": \"Infinity\"}", "filters.logs.pid"),
        Arguments.of("{\"metadata.n\": 1e400}", "filters.logs.metadata.n"),
        Arguments.of("{\"metadata.n\": {\"gt\": -1e999}}", "filters.logs.metadata.n"));
  }

  private static String export(String filters) {
    return "{\"data_types\": [\"logs\"], \"filters\": " + filters + "}";
  }

  @ParameterizedTest
  @MethodSource("badFilters")
  void a_bad_filter_is_refused_naming_the_field_and_nothing_is_stored(String filters, String field)
      throws Exception {
    long before = gateway.storedExports();
    HttpResponse<String> response = gateway.send("POST", "/api/v1/export", export(filters), token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(fields(response)).as(response.body()).containsExactly(field);
    assertThat(gateway.storedExports()).isEqualTo(before);

    HttpResponse<String> estimate =
        gateway.send("POST", "/api/v1/export/estimate", export(filters), token);
    assertThat(estimate.statusCode()).as(estimate.body()).isEqualTo(400);
    assertThat(fields(estimate)).containsExactly(field);
  }

  @ParameterizedTest
  @MethodSource("badFilters")
  void templates_and_schedules_check_filters_the_same_way(String filters, String field)
      throws Exception {
    long templates = gateway.storedTemplates();
    HttpResponse<String> template =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\": \"f-" + UUID.randomUUID() + "\", \"config\": " + export(filters) + "}",
            token);
    assertThat(template.statusCode()).as(template.body()).isEqualTo(400);
    assertThat(fields(template)).containsExactly("config." + field);
    assertThat(gateway.storedTemplates()).isEqualTo(templates);

    long schedules = storedSchedules();
    HttpResponse<String> schedule =
        gateway.send(
            "POST",
            "/api/v1/schedules",
            "{\"name\": \"f-"
                + UUID.randomUUID()
                + "\", \"cron\": \"@daily\", \"mode\": \"window\", \"window\": \"P1D\","
                + " \"export\": "
                + export(filters)
                + "}",
            token);
    assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(400);
    assertThat(fields(schedule)).containsExactly("export." + field);
    assertThat(storedSchedules()).isEqualTo(schedules);
  }

  @Test
  void good_filters_of_both_forms_are_stored_and_echoed_as_sent() throws Exception {
    String filters =
        "{\"level\": [\"ERROR\", \"WARN\"], \"logs\": {\"pid\": {\"gte\": 1, \"lt\": 100},"
            + " \"source_ip\": {\"within\": \"2001:db8::/32\"}, \"metadata.user.id\": \"7\"},"
            + " \"process\": {\"is_null\": false}, \"ips\": {\"asn\": 3320}}";
    String body =
        "{\"data_types\": [\"logs\", \"ips\", \"anomalies\"], \"filters\": " + filters + "}";
    HttpResponse<String> created = gateway.send("POST", "/api/v1/export", body, token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonNode sent = gateway.jsonOf(created).get("config").get("filters");
    assertThat(sent).isEqualTo(gateway.json.readTree(filters));

    HttpResponse<String> estimate = gateway.send("POST", "/api/v1/export/estimate", body, token);
    assertThat(estimate.statusCode()).as(estimate.body()).isEqualTo(200);
  }

  @Test
  void the_datasets_route_lists_columns_with_their_types_and_operators() throws Exception {
    HttpResponse<String> response = gateway.send("GET", "/api/v1/datasets", null, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode logs = null;
    for (JsonNode item : gateway.jsonOf(response).get("items")) {
      if (item.get("name").stringValue().equals("logs")) {
        logs = item;
      }
    }
    assertThat(logs).isNotNull();
    assertThat(logs.get("time_column").stringValue()).isEqualTo("timestamp");
    assertThat(logs.get("id_column").stringValue()).isEqualTo("id");
    List<String> summary = new ArrayList<>();
    for (JsonNode c : logs.get("columns")) {
      summary.add(c.get("name").stringValue() + ":" + c.get("type").stringValue());
    }
    assertThat(summary)
        .containsExactly(
            "id:integer",
            "timestamp:timestamp",
            "host:text",
            "process:text",
            "pid:integer",
            "level:text",
            "message:text",
            "source_ip:inet",
            "metadata:json");
    assertThat(logs.get("columns").get(7).get("filter_operators").toString())
        .isEqualTo("[\"eq\",\"ne\",\"in\",\"not_in\",\"is_null\",\"within\"]");
    assertThat(logs.get("columns").get(8).get("filter_operators").toString())
        .isEqualTo("[\"is_null\"]");
    assertThat(logs.get("columns").get(8).get("path_operators").toString()).contains("prefix");
    assertThat(gateway.send("GET", "/api/v1/datasets", null, null).statusCode()).isEqualTo(401);
  }

  private long storedSchedules() {
    return gateway
        .context
        .getBean(org.jdbi.v3.core.Jdbi.class)
        .withHandle(
            h -> h.createQuery("SELECT count(*) FROM exporter.schedules").mapTo(Long.class).one());
  }

  private static List<String> fields(HttpResponse<String> response) {
    List<String> fields = new ArrayList<>();
    gateway.jsonOf(response).path("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    return fields;
  }
}
