package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Each kind of failure maps to its status and a problem document of the documented shape. */
class ProblemMappingIT {
  private static RunningGateway gateway;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    token = gateway.userToken("paula");
  }

  @Test
  void an_unknown_export_is_a_404_problem() throws Exception {
    JsonNode problem =
        problem(
            gateway.send("GET", "/api/v1/export/" + UUID.randomUUID() + "/status", null, token),
            404);
    assertThat(problem.get("title").stringValue()).isEqualTo("Not found");
  }

  @Test
  void a_malformed_id_is_a_404_problem() throws Exception {
    problem(gateway.send("GET", "/api/v1/export/not-a-uuid/status", null, token), 404);
    problem(gateway.send("GET", "/api/v1/export/templates/not-a-uuid", null, token), 404);
  }

  @Test
  void the_files_of_an_unfinished_export_are_a_409_problem() throws Exception {
    HttpResponse<String> created =
        gateway.send("POST", "/api/v1/export", "{\"data_types\":[\"logs\"]}", token);
    String id = gateway.jsonOf(created).get("export_id").stringValue();
    JsonNode problem =
        problem(gateway.send("GET", "/api/v1/export/download/" + id, null, token), 409);
    assertThat(problem.get("title").stringValue()).isEqualTo("Conflict");
    assertThat(problem.get("detail").stringValue()).contains("is pending");
  }

  @Test
  void a_taken_template_name_is_a_409_problem() throws Exception {
    String body = "{\"name\":\"twice\",\"config\":{\"data_types\":[\"logs\"]}}";
    gateway.send("POST", "/api/v1/export/templates", body, token);
    problem(gateway.send("POST", "/api/v1/export/templates", body, token), 409);
  }

  @Test
  void a_body_that_is_not_json_is_a_400_naming_the_body() throws Exception {
    JsonNode problem = problem(gateway.send("POST", "/api/v1/export", "{nope", token), 400);
    assertThat(problem.get("title").stringValue()).isEqualTo("Malformed request body");
    assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("body");
  }

  @Test
  void a_body_of_another_media_type_is_a_415_problem() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(gateway.baseUrl + "/api/v1/export"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString("data_types=logs"))
            .build();
    JsonNode problem =
        problem(gateway.http.send(request, HttpResponse.BodyHandlers.ofString()), 415);
    assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("Content-Type");
  }

  @Test
  void a_body_beyond_the_limit_is_a_413_problem() throws Exception {
    String huge = "{\"data_types\":[\"logs\"],\"filters\":{\"x\":\"" + "a".repeat(70_000) + "\"}}";
    problem(gateway.send("POST", "/api/v1/export", huge, token), 413);
  }

  @Test
  void no_token_is_a_401_problem_and_a_user_on_an_admin_route_a_403_problem() throws Exception {
    HttpResponse<String> anonymous = gateway.send("GET", "/api/v1/export", null, null);
    assertThat(problem(anonymous, 401).get("title").stringValue()).isEqualTo("Unauthorized");
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    problem(gateway.send("GET", "/api/v1/export/stats", null, token), 403);
  }

  @Test
  void an_unknown_route_is_a_404_problem() throws Exception {
    JsonNode problem =
        problem(gateway.send("GET", "/api/v1/export/nowhere/at/all", null, token), 404);
    assertThat(problem.get("detail").stringValue()).isEqualTo("no such route");
  }

  @Test
  void an_unexpected_failure_is_a_500_problem_with_a_reference_and_no_cause() throws Exception {
    JsonNode problem =
        problem(
            gateway.send(
                "POST", "/api/v1/export/estimate", "{\"data_types\":[\"never_created\"]}", token),
            500);
    assertThat(problem.get("title").stringValue()).isEqualTo("Internal error");
    assertThat(problem.get("reference").stringValue()).isNotBlank();
    assertThat(problem.get("detail").stringValue()).doesNotContain("never_created", "SQL");
  }

  /** Checks status, media type and the documented shape; returns the problem. */
  private static JsonNode problem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    // problems written by the security filters name a charset as well
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    JsonNode problem = gateway.jsonOf(response);
    assertThat(problem.get("status").intValue()).isEqualTo(status);
    assertThat(problem.get("title").stringValue()).isNotBlank();
    problem
        .path("errors")
        .forEach(
            e -> assertThat(e.get("field").isString() && e.get("message").isString()).isTrue());
    return problem;
  }
}
