package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Each rule of the request bodies and query parameters: a 400 problem document naming the field,
 * and nothing stored. The lenient inputs the parser has always accepted stay accepted.
 */
class RequestValidationIT {
  private static RunningGateway gateway;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    token = gateway.userToken("vera");
  }

  static Stream<Arguments> invalidExports() {
    return Stream.of(
        Arguments.of("{}", "data_types"),
        Arguments.of("{\"data_types\":[]}", "data_types"),
        Arguments.of("{\"data_types\":[\"nope\"]}", "data_types"),
        Arguments.of("{\"data_types\":[1]}", "data_types"),
        Arguments.of("{\"data_types\":[\"logs\"],\"start_date\":\"2024-01-01\"}", "start_date"),
        Arguments.of("{\"data_types\":[\"logs\"],\"end_date\":5}", "end_date"),
        Arguments.of(
            "{\"data_types\":[\"logs\"],\"start_date\":\"2024-02-01T00:00:00Z\","
                + "\"end_date\":\"2024-01-01T00:00:00Z\"}",
            "end_date"),
        Arguments.of("{\"data_types\":[\"logs\"],\"processes\":\"sshd\"}", "processes"),
        Arguments.of("{\"data_types\":[\"logs\"],\"processes\":[\"\"]}", "processes"),
        Arguments.of("{\"data_types\":[\"logs\"],\"batch_size\":0}", "batch_size"),
        Arguments.of("{\"data_types\":[\"logs\"],\"batch_size\":100001}", "batch_size"),
        Arguments.of("{\"data_types\":[\"logs\"],\"batch_size\":\"10\"}", "batch_size"),
        Arguments.of(
            "{\"data_types\":[\"logs\"],\"include_metadata\":\"yes\"}", "include_metadata"),
        Arguments.of(
            "{\"data_types\":[\"logs\"],\"validation_level\":\"loose\"}", "validation_level"),
        Arguments.of("{\"data_types\":[\"logs\"],\"output_format\":\"xml\"}", "output_format"),
        Arguments.of("{\"data_types\":[\"logs\"],\"compression\":\"true\"}", "compression"),
        Arguments.of("{\"data_types\":[\"logs\"],\"filters\":[1]}", "filters"),
        Arguments.of(
            "{\"data_types\":[\"logs\"],\"filters\":{\"host\":null}}", "filters.logs.host"),
        Arguments.of("{\"data_types\":[\"logs\"],\"transformations\":[]}", "transformations"),
        Arguments.of(
            "{\"data_types\":[\"logs\"],\"transformations\":{\"ips\":[]}}", "transformations.ips"),
        Arguments.of(
            "{\"data_types\":[\"logs\"],\"transformations\":{\"logs\":[{\"op\":\"shout\"}]}}",
            "transformations.logs[0].op"),
        Arguments.of("{\"data_types\":[\"logs\\u0000\"]}", "data_types[0]"),
        Arguments.of("[\"logs\"]", "body"));
  }

  @ParameterizedTest
  @MethodSource("invalidExports")
  void an_invalid_export_request_is_refused_naming_the_field(String body, String field)
      throws Exception {
    long before = gateway.storedExports();
    HttpResponse<String> response = gateway.send("POST", "/api/v1/export", body, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(fields(response)).as(response.body()).contains(field);
    assertThat(gateway.storedExports()).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("invalidExports")
  void an_estimate_checks_the_same_rules(String body, String field) throws Exception {
    HttpResponse<String> response = gateway.send("POST", "/api/v1/export/estimate", body, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(fields(response)).as(response.body()).contains(field);
  }

  @Test
  void unknown_fields_and_null_values_are_accepted_as_before() throws Exception {
    HttpResponse<String> response =
        gateway.send(
            "POST",
            "/api/v1/export",
            "{\"data_types\":[\"logs\",\"logs\"],\"whatever\":1,\"start_date\":null,"
                + "\"compression\":null,\"batch_size\":null,\"start_date\":\"2024-01-01T00:00:00+02:00\"}",
            token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode export = gateway.jsonOf(response);
    assertThat(export.get("data_types").toString()).isEqualTo("[\"logs\"]");
    assertThat(export.get("config").get("batch_size").intValue()).isEqualTo(1000);
    assertThat(export.get("is_compressed").booleanValue()).isFalse();
    assertThat(export.get("config").get("start_date").stringValue())
        .isEqualTo("2024-01-01T00:00+02:00");
    assertThat(export.has("template_id")).as("only a template run names one").isFalse();
    assertThat(export.get("export_config")).isEqualTo(export.get("config"));
  }

  static Stream<Arguments> invalidTemplates() {
    return Stream.of(
        Arguments.of("{\"config\":{\"data_types\":[\"logs\"]}}", "name"),
        Arguments.of("{\"name\":\"  \",\"config\":{\"data_types\":[\"logs\"]}}", "name"),
        Arguments.of(
            "{\"name\":\"" + "n".repeat(201) + "\",\"config\":{\"data_types\":[\"logs\"]}}",
            "name"),
        Arguments.of(
            "{\"name\":\"a\",\"description\":5,\"config\":{\"data_types\":[\"logs\"]}}",
            "description"),
        Arguments.of("{\"name\":\"a\"}", "config"),
        Arguments.of("{\"name\":\"a\",\"config\":{\"batch_size\":0}}", "config.batch_size"),
        Arguments.of("{\"name\":\"a\",\"config\":{}}", "config.data_types"));
  }

  @ParameterizedTest
  @MethodSource("invalidTemplates")
  void an_invalid_template_is_refused_naming_the_field(String body, String field) throws Exception {
    long before = gateway.storedTemplates();
    HttpResponse<String> response = gateway.send("POST", "/api/v1/export/templates", body, token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(fields(response)).as(response.body()).contains(field);
    assertThat(gateway.storedTemplates()).isEqualTo(before);
  }

  @Test
  void a_template_run_may_override_only_the_range() throws Exception {
    HttpResponse<String> saved =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\":\"range-only\",\"config\":{\"data_types\":[\"logs\"]}}",
            token);
    String id = gateway.jsonOf(saved).get("template_id").stringValue();
    long before = gateway.storedExports();
    HttpResponse<String> response =
        gateway.send(
            "POST", "/api/v1/export/templates/" + id + "/run", "{\"batch_size\":5}", token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(fields(response)).containsExactly("batch_size");
    assertThat(gateway.storedExports()).isEqualTo(before);

    HttpResponse<String> run =
        gateway.send(
            "POST",
            "/api/v1/export/templates/" + id + "/run",
            "{\"start_date\":\"2024-01-01T00:00:00Z\"}",
            token);
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    assertThat(gateway.jsonOf(run).get("template_id").stringValue()).isEqualTo(id);
  }

  static Stream<Arguments> invalidTokens() {
    return Stream.of(
        Arguments.of("{}", "name"),
        Arguments.of("{\"name\":\"" + "n".repeat(101) + "\"}", "name"),
        Arguments.of("{\"name\":\"x\",\"role\":\"root\"}", "role"),
        Arguments.of("{\"name\":\"x\",\"role\":1}", "role"),
        Arguments.of("{\"name\":\"x\",\"expires_at\":\"tomorrow\"}", "expires_at"),
        Arguments.of("\"x\"", "body"));
  }

  @ParameterizedTest
  @MethodSource("invalidTokens")
  void an_invalid_token_request_is_refused_naming_the_field(String body, String field)
      throws Exception {
    HttpResponse<String> response =
        gateway.send("POST", "/api/v1/admin/tokens", body, RunningGateway.ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(fields(response)).as(response.body()).contains(field);
  }

  static Stream<Arguments> invalidQueries() {
    return Stream.of(
        Arguments.of("/api/v1/export?limit=0", "limit"),
        Arguments.of("/api/v1/export?limit=1001", "limit"),
        Arguments.of("/api/v1/export?limit=x", "limit"),
        Arguments.of("/api/v1/export?offset=-1", "offset"),
        Arguments.of("/api/v1/export/templates?limit=0", "limit"),
        Arguments.of("/api/v1/admin/audit?limit=0", "limit"),
        Arguments.of("/api/v1/admin/audit?offset=-1", "offset"));
  }

  @ParameterizedTest
  @MethodSource("invalidQueries")
  void an_invalid_page_is_refused_naming_the_parameter(String path, String field) throws Exception {
    HttpResponse<String> response = gateway.send("GET", path, null, RunningGateway.ADMIN_TOKEN);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(fields(response)).as(response.body()).contains(field);
  }

  private static List<String> fields(HttpResponse<String> response) {
    List<String> fields = new ArrayList<>();
    gateway.jsonOf(response).path("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    return fields;
  }
}
