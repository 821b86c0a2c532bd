package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Templates round-trip through the API and run, optionally with another date range. */
class TemplateIT {
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  private static HttpResponse<String> put(String path, String body) throws Exception {
    return system.http.send(
        RunningSystem.authorized(
                HttpRequest.newBuilder(URI.create(system.baseUrl + path)),
                RunningSystem.ADMIN_TOKEN)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> badFields(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    List<String> fields = new ArrayList<>();
    system.parse(response).get("errors").forEach(e -> fields.add(e.get("field").stringValue()));
    return fields;
  }

  @Test
  void a_template_round_trips_and_runs_with_and_without_a_new_range() throws Exception {
    String name = "tx weekly " + UUID.randomUUID();
    HttpResponse<String> created =
        system.post(
            "/templates",
            """
        {"name": "%s", "description": "masked IPs",
         "config": {"data_types": ["tx_events"], "output_format": "csv",
                    "transformations": {"tx_events": [{"op": "mask_ip", "field": "ip"}]}}}"""
                .formatted(name));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode template = system.parse(created);
    String id = template.get("template_id").stringValue();
    assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/export/templates/" + id);
    assertThat(template.get("config").get("batch_size").intValue()).isEqualTo(1000);

    JsonNode fetched = system.parse(system.get("/templates/" + id));
    assertThat(fetched.get("name").stringValue()).isEqualTo(name);
    assertThat(fetched.get("description").stringValue()).isEqualTo("masked IPs");
    assertThat(fetched.get("config")).isEqualTo(template.get("config"));
    List<String> listed = new ArrayList<>();
    system
        .parse(system.get("/templates/"))
        .get("items")
        .forEach(t -> listed.add(t.get("template_id").stringValue()));
    assertThat(listed).contains(id);

    HttpResponse<String> replaced =
        put(
            "/templates/" + id,
            """
        {"name": "%s", "config": {"data_types": ["tx_events"], "output_format": "jsonl"}}"""
                .formatted(name + " v2"));
    assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
    assertThat(system.parse(replaced).get("config").get("output_format").stringValue())
        .isEqualTo("jsonl");
    assertThat(system.parse(replaced).get("created_at")).isEqualTo(template.get("created_at"));

    HttpResponse<String> run = system.post("/templates/" + id + "/run", "");
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    JsonNode all =
        system.awaitFinished(
            system.parse(run).get("export_id").stringValue(), Duration.ofMinutes(1));
    assertThat(all.get("config").get("output_format").stringValue()).isEqualTo("jsonl");
    assertThat(all.get("total_records").longValue()).isEqualTo(4);

    HttpResponse<String> ranged =
        system.post(
            "/templates/" + id + "/run",
            "{\"start_date\": \"2024-03-01T01:00:01+01:00\", \"end_date\": \"2024-03-01T00:00:03Z\"}");
    JsonNode some =
        system.awaitFinished(
            system.parse(ranged).get("export_id").stringValue(), Duration.ofMinutes(1));
    assertThat(some.get("status").stringValue()).isEqualTo("completed");
    assertThat(some.get("total_records").longValue()).isEqualTo(2);
    assertThat(some.get("config").get("start_date").stringValue())
        .isEqualTo("2024-03-01T01:00:01+01:00");

    assertThat(system.delete("/templates/" + id).statusCode()).isEqualTo(200);
    assertThat(system.get("/templates/" + id).statusCode()).isEqualTo(404);
    assertThat(system.post("/templates/" + id + "/run", "").statusCode()).isEqualTo(404);
  }

  @Test
  void template_configs_are_validated_like_requests_and_names_are_unique() throws Exception {
    assertThat(badFields(system.post("/templates", "{\"config\": {\"data_types\": [\"logs\"]}}")))
        .containsExactly("name");
    assertThat(
            badFields(
                system.post(
                    "/templates",
                    "{\"name\": \"x\", \"config\": {\"data_types\": [\"nope\"], \"batch_size\": 0}}")))
        .containsExactlyInAnyOrder("config.data_types", "config.batch_size");
    assertThat(badFields(system.post("/templates", "{\"name\": \"x\"}"))).containsExactly("config");

    String name = "unique " + UUID.randomUUID();
    String body = "{\"name\": \"" + name + "\", \"config\": {\"data_types\": [\"ips\"]}}";
    assertThat(system.post("/templates", body).statusCode()).isEqualTo(201);
    HttpResponse<String> duplicate = system.post("/templates", body);
    assertThat(duplicate.statusCode()).isEqualTo(409);
    assertThat(duplicate.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

    String id =
        system
            .parse(system.get("/templates"))
            .get("items")
            .valueStream()
            .filter(t -> t.get("name").stringValue().equals(name))
            .findFirst()
            .orElseThrow()
            .get("template_id")
            .stringValue();
    assertThat(badFields(system.post("/templates/" + id + "/run", "{\"output_format\": \"csv\"}")))
        .containsExactly("output_format");
    assertThat(
            badFields(
                system.post(
                    "/templates/" + id + "/run",
                    "{\"start_date\": \"2024-02-01T00:00:00Z\", \"end_date\": \"2024-01-01T00:00:00Z\"}")))
        .containsExactly("end_date");
    assertThat(system.get("/templates/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
  }

  @Test
  void an_owner_has_at_most_the_configured_number_of_templates() throws Exception {
    String token = system.newUser("collector")[1];
    String config = "\"config\": {\"data_types\": [\"ips\"]}";
    String first = null;
    // max-templates-per-owner is 50 in these tests
    for (int i = 0; i < 50; i++) {
      HttpResponse<String> r =
          system.post("/templates", "{\"name\": \"t" + i + "\", " + config + "}", token);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      first = first == null ? system.parse(r).get("template_id").stringValue() : first;
    }
    HttpResponse<String> over =
        system.post("/templates", "{\"name\": \"t50\", " + config + "}", token);
    assertThat(over.statusCode()).as(over.body()).isEqualTo(409);
    assertThat(over.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(system.parse(over).get("detail").stringValue()).contains("50");
    // others are not affected, and deleting one makes room
    assertThat(system.post("/templates", "{\"name\": \"t50\", " + config + "}").statusCode())
        .isEqualTo(201);
    assertThat(system.delete("/templates/" + first, token).statusCode()).isEqualTo(200);
    assertThat(system.post("/templates", "{\"name\": \"t50\", " + config + "}", token).statusCode())
        .isEqualTo(201);

    JsonNode page = system.parse(system.get("/templates?limit=20&offset=40", token));
    assertThat(page.get("total").longValue()).isEqualTo(50);
    assertThat(page.get("limit").intValue()).isEqualTo(20);
    assertThat(page.get("offset").intValue()).isEqualTo(40);
    assertThat(page.get("items")).hasSize(10);
    JsonNode whole = system.parse(system.get("/templates", token));
    assertThat(whole.get("items")).hasSize(50);
    assertThat(whole.get("limit").intValue()).isEqualTo(100);
    assertThat(system.get("/templates?limit=0", token).statusCode()).isEqualTo(400);
  }

  @Test
  void creating_replacing_and_deleting_a_template_is_audited() throws Exception {
    String[] user = system.newUser("auditee");
    String body = "{\"name\": \"audited\", \"config\": {\"data_types\": [\"ips\"]}}";
    String id =
        system.parse(system.post("/templates", body, user[1])).get("template_id").stringValue();
    HttpResponse<String> replaced =
        system.http.send(
            RunningSystem.authorized(
                    HttpRequest.newBuilder(URI.create(system.url("/templates/" + id))), user[1])
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.replace("audited", "renamed")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(replaced.statusCode()).isEqualTo(200);
    assertThat(system.delete("/templates/" + id, user[1]).statusCode()).isEqualTo(200);
    List<String> entries = new ArrayList<>();
    system
        .parse(system.get("/api/v1/admin/audit?limit=100&actor=" + user[0]))
        .get("items")
        .forEach(
            e -> entries.add(e.get("action").stringValue() + " " + e.get("target").stringValue()));
    assertThat(entries)
        .containsExactlyInAnyOrder(
            "template_created " + id, "template_replaced " + id, "template_deleted " + id);
  }
}
