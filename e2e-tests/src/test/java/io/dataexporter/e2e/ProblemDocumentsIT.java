package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every error is an RFC 9457 problem document, and text PostgreSQL cannot store is a 400. */
class ProblemDocumentsIT {
  private static final String NUL = "\\u0000";
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type"))
        .as(r.body())
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(system.parse(r).get("status").intValue()).isEqualTo(status);
  }

  private static List<String> badFields(HttpResponse<String> r) {
    assertProblem(r, 400);
    List<String> fields = new ArrayList<>();
    system.parse(r).get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    return fields;
  }

  private static long count(String table) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void a_nul_character_in_any_user_text_is_refused_with_400_naming_the_field() throws Exception {
    long jobs = count("exporter.export_jobs");
    long templates = count("exporter.export_templates");
    long tokens = count("exporter.api_tokens");

    assertThat(
            badFields(
                system.post(
                    "/",
                    "{\"data_types\": [\"logs\"], \"processes\": [\"nginx\", \"ng"
                        + NUL
                        + "inx\"]}")))
        .containsExactly("processes[1]");
    assertThat(
            badFields(
                system.post(
                    "/",
                    "{\"data_types\": [\"logs\"], \"filters\": {\"ho" + NUL + "st\": \"a\"}}")))
        .containsExactly("filters");
    assertThat(
            badFields(
                system.post(
                    "/",
                    "{\"data_types\": [\"logs\"], \"filters\": {\"host\": {\"in\": [\"a\", \"b"
                        + NUL
                        + "\"]}}}")))
        .containsExactly("filters.host.in[1]");
    assertThat(
            badFields(
                system.post(
                    "/",
                    "{\"data_types\": [\"tx_events\"], \"transformations\": {\"tx_events\":"
                        + " [{\"op\": \"rename\", \"from\": \"note\", \"to\": \"no"
                        + NUL
                        + "te\"}]}}")))
        .contains("transformations.tx_events[0].to");
    assertThat(
            badFields(
                system.post(
                    "/templates",
                    "{\"name\": \"t"
                        + NUL
                        + "\", \"description\": \"d"
                        + NUL
                        + "\","
                        + " \"config\": {\"data_types\": [\"ips\"], \"processes\": [\""
                        + NUL
                        + "\"]}}")))
        .containsExactlyInAnyOrder("name", "description", "config.processes[0]");
    assertThat(badFields(system.post("/api/v1/admin/tokens", "{\"name\": \"eve" + NUL + "\"}")))
        .containsExactly("name");
    assertThat(badFields(system.get("/api/v1/admin/audit?actor=a%00b"))).containsExactly("actor");
    assertThat(
            badFields(
                system.post(
                    "/estimate", "{\"data_types\": [\"logs\"], \"processes\": [\"" + NUL + "\"]}")))
        .containsExactly("processes[0]");

    assertThat(count("exporter.export_jobs")).as("nothing stored or queued").isEqualTo(jobs);
    assertThat(count("exporter.export_templates")).isEqualTo(templates);
    assertThat(count("exporter.api_tokens")).isEqualTo(tokens);
  }

  @Test
  void unknown_routes_under_api_answer_a_404_problem() throws Exception {
    for (String path :
        List.of(
            "/api/v1/nothing-here",
            "/api/v2/export",
            "/api/v1/export/" + UUID.randomUUID() + "/nothing",
            "/api/v1/admin/nothing")) {
      HttpResponse<String> r = system.get(path);
      assertProblem(r, 404);
      assertThat(r.body()).doesNotContain("<html", "\"error\"", "timestamp");
    }
  }

  @Test
  void an_unexpected_error_is_a_500_problem_without_stack_trace_or_sql() throws Exception {
    HttpResponse<String> r = system.post("/estimate", "{\"data_types\": [\"never_created\"]}");
    assertProblem(r, 500);
    assertThat(r.body().toLowerCase())
        .doesNotContain("never_created", "select", "exception", "\tat ", "psql", "relation");
  }

  @Test
  void a_wrong_method_or_malformed_parameter_is_a_problem_too() throws Exception {
    HttpResponse<String> put =
        system.http.send(
            RunningSystem.authorized(
                    HttpRequest.newBuilder(URI.create(system.url("/stats"))),
                    RunningSystem.ADMIN_TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .header("Content-Type", "application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertProblem(put, 405);
    assertProblem(system.get("/api/v1/admin/audit?limit=many"), 400);
  }
}
