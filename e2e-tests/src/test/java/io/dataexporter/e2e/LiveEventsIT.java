package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Server-sent progress events: live while the export runs, ending with its final status. */
class LiveEventsIT {
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @Test
  void the_event_stream_follows_an_export_to_completion_and_then_ends() throws Exception {
    String id =
        system.submit("{\"data_types\": [\"logs\", \"anomalies\"], \"output_format\": \"jsonl\"}");
    HttpRequest request =
        RunningSystem.authorized(
                HttpRequest.newBuilder(URI.create(system.url("/" + id + "/events"))),
                RunningSystem.ADMIN_TOKEN)
            .timeout(Duration.ofMinutes(2))
            .GET()
            .build();
    HttpResponse<Stream<String>> response =
        system.http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    List<JsonNode> events = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      // the stream ends by itself after the final status
      lines
          .filter(l -> l.startsWith("data:"))
          .forEach(l -> events.add(Records.readJson(l.substring(5).getBytes())));
    }
    assertThat(events.size()).as("several progress events").isGreaterThan(1);
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("status").stringValue()).isEqualTo("completed");
    assertThat(last.get("percent").longValue()).isEqualTo(100);
    long previous = -1;
    for (JsonNode e : events) {
      assertThat(e.get("percent").longValue())
          .as("percent never goes back")
          .isGreaterThanOrEqualTo(previous);
      previous = e.get("percent").longValue();
    }
  }

  @Test
  void event_streams_need_a_token_and_ownership() throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"]}");
    HttpResponse<String> anonymous =
        system.http.send(
            HttpRequest.newBuilder(URI.create(system.url("/" + id + "/events"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    String eve =
        system
            .parse(
                system.post(
                    "/api/v1/admin/tokens", "{\"name\": \"eve-" + UUID.randomUUID() + "\"}"))
            .get("token")
            .stringValue();
    assertThat(system.get("/" + id + "/events", eve).statusCode()).isEqualTo(404);
    system.awaitFinished(id, Duration.ofMinutes(1));
  }

  /** Opens an event stream; the caller closes the body to end it. */
  private static HttpResponse<Stream<String>> open(String id, String token) throws Exception {
    return system.http.send(
        RunningSystem.authorized(
                HttpRequest.newBuilder(URI.create(system.url("/" + id + "/events"))), token)
            .timeout(Duration.ofMinutes(2))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofLines());
  }

  private static double gauge(String name) throws Exception {
    String url = system.baseUrl.replace("/api/v1/export", "/actuator/prometheus");
    HttpResponse<String> r =
        system.http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return r.body()
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static void awaitGauge(String name, double value) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (gauge(name) != value && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(gauge(name)).as(name).isEqualTo(value);
  }

  @Test
  void event_streams_are_capped_per_user_and_in_total_and_released_when_they_end()
      throws Exception {
    String id = system.submit("{\"data_types\": [\"big_events\"], \"output_format\": \"jsonl\"}");
    List<HttpResponse<Stream<String>>> open = new ArrayList<>();
    try {
      // max-event-streams-per-user is 5 (the default); max-event-streams is 12 in these tests
      for (int i = 0; i < 5; i++) {
        HttpResponse<Stream<String>> r = open(id, RunningSystem.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        open.add(r);
      }
      // as the UI asks for it: the refusal is still a problem document
      HttpResponse<String> sixth =
          system.http.send(
              RunningSystem.authorized(
                      HttpRequest.newBuilder(URI.create(system.url("/" + id + "/events"))),
                      RunningSystem.ADMIN_TOKEN)
                  .header("Accept", "text/event-stream")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(sixth.statusCode()).as(sixth.body()).isEqualTo(429);
      assertThat(sixth.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(sixth.headers().firstValue("Retry-After")).isPresent();

      // a closed stream frees its place (noticed at the next push, within seconds)
      open.remove(0).body().close();
      awaitGauge("exporter_event_streams", 4);
      HttpResponse<Stream<String>> again = open(id, RunningSystem.ADMIN_TOKEN);
      assertThat(again.statusCode()).isEqualTo(200);
      open.add(again);

      // other users fill the global cap of 12
      String alsoAdmin =
          system
              .parse(
                  system.post(
                      "/api/v1/admin/tokens",
                      "{\"name\": \"viewer-" + UUID.randomUUID() + "\", \"role\": \"admin\"}"))
              .get("token")
              .stringValue();
      for (int i = 0; i < 5; i++) {
        HttpResponse<Stream<String>> r = open(id, alsoAdmin);
        assertThat(r.statusCode()).isEqualTo(200);
        open.add(r);
      }
      String third = system.newUser("third")[1];
      String thirds =
          system
              .parse(system.post("/", "{\"data_types\": [\"big_events\"]}", third))
              .get("export_id")
              .stringValue();
      for (int i = 0; i < 2; i++) {
        HttpResponse<Stream<String>> r = open(thirds, third);
        assertThat(r.statusCode()).isEqualTo(200);
        open.add(r);
      }
      HttpResponse<String> overGlobal = system.get("/" + thirds + "/events", third);
      assertThat(overGlobal.statusCode()).as(overGlobal.body()).isEqualTo(429);
      assertThat(system.parse(overGlobal).get("detail").stringValue()).contains("12");

      // the export ends: its streams end and no state is kept for it
      assertThat(system.post("/" + id + "/cancel", "").statusCode()).isEqualTo(200);
      assertThat(system.post("/" + thirds + "/cancel", "", third).statusCode()).isEqualTo(200);
      awaitGauge("exporter_event_streams", 0);
      awaitGauge("exporter_event_streams_exports", 0);
    } finally {
      open.forEach(r -> r.body().close());
    }
  }

  @Test
  void an_abandoned_stream_leaves_no_state_behind() throws Exception {
    String id = system.submit("{\"data_types\": [\"big_events\"], \"output_format\": \"jsonl\"}");
    try {
      HttpResponse<Stream<String>> r = open(id, RunningSystem.ADMIN_TOKEN);
      assertThat(r.statusCode()).isEqualTo(200);
      r.body().close();
      // the export keeps running, but nobody watches it any more
      awaitGauge("exporter_event_streams", 0);
      awaitGauge("exporter_event_streams_exports", 0);
    } finally {
      system.post("/" + id + "/cancel", "");
    }
  }
}
