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
}
