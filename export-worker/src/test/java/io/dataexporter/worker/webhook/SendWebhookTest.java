package io.dataexporter.worker.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.dataexporter.webhook.WebhookDeliveryRepository.Claimed;
import io.dataexporter.webhook.WebhookDestinations;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One attempt against a real HTTP server on this machine. */
class SendWebhookTest {
  private static final String BODY = "{\"event\":\"export.completed\",\"n\":\"é\"}";
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Map<String, List<String>>> heard = new ConcurrentHashMap<>();
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          heard.put(path, Map.copyOf(exchange.getRequestHeaders()));
          bodies.put(path, exchange.getRequestBody().readAllBytes());
          switch (path) {
            case "/moved" -> {
              exchange.getResponseHeaders().add("Location", base + "/target");
              exchange.sendResponseHeaders(302, -1);
            }
            case "/slow" -> {
              try {
                Thread.sleep(1500);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              exchange.sendResponseHeaders(200, -1);
            }
            default -> exchange.sendResponseHeaders(204, -1);
          }
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SendWebhook sender(String... allowed) {
    return new SendWebhook(http, new WebhookDestinations(List.of(allowed)), Duration.ofMillis(500));
  }

  private Claimed delivery(String path, String secret) {
    return new Claimed(UUID.randomUUID(), "export.completed", base + path, secret, 1, BODY);
  }

  private static String header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(e -> e.getValue().get(0))
        .findFirst()
        .orElse(null);
  }

  @Test
  void a_delivery_is_posted_with_its_headers_and_the_signature_of_its_exact_bytes() {
    Claimed d = delivery("/hook", "key");
    SendWebhook.Result result = sender("127.0.0.1").send(d).join();
    assertThat(result.delivered()).isTrue();
    assertThat(result.statusCode()).isEqualTo(204);
    Map<String, List<String>> h = heard.get("/hook");
    assertThat(header(h, "X-Exporter-Delivery")).isEqualTo(d.id().toString());
    assertThat(header(h, "X-Exporter-Event")).isEqualTo("export.completed");
    assertThat(header(h, "Content-Type")).isEqualTo("application/json");
    assertThat(bodies.get("/hook")).isEqualTo(BODY.getBytes(StandardCharsets.UTF_8));
    assertThat(header(h, "X-Exporter-Signature"))
        .isEqualTo(WebhookSignature.of("key", BODY.getBytes(StandardCharsets.UTF_8)))
        .startsWith("sha256=")
        .hasSize(7 + 64);
    // as `printf abc | openssl dgst -sha256 -hmac key` computes it
    assertThat(WebhookSignature.of("key", "abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("sha256=9c196e32dc0175f86f4b1cb89289d6619de6bee699e4c378e68309ed97a1a6ab");
  }

  @Test
  void without_a_secret_there_is_no_signature() {
    assertThat(sender("127.0.0.1").send(delivery("/plain", null)).join().delivered()).isTrue();
    assertThat(header(heard.get("/plain"), "X-Exporter-Signature")).isNull();
  }

  @Test
  void a_destination_that_is_not_allowed_fails_the_attempt_without_a_request() {
    SendWebhook.Result result = sender().send(delivery("/hook", "key")).join();
    assertThat(result.delivered()).isFalse();
    assertThat(result.statusCode()).isNull();
    assertThat(result.error()).startsWith("refused destination: webhook.url").contains("loopback");
    assertThat(heard).isEmpty();
  }

  @Test
  void a_redirect_is_not_followed_and_fails_the_attempt() {
    SendWebhook.Result result = sender("127.0.0.1").send(delivery("/moved", null)).join();
    assertThat(result.delivered()).isFalse();
    assertThat(result.statusCode()).isEqualTo(302);
    assertThat(result.error()).isEqualTo("answered HTTP 302");
    assertThat(heard).doesNotContainKey("/target");
  }

  @Test
  void an_answer_later_than_the_timeout_fails_the_attempt() {
    SendWebhook.Result result = sender("127.0.0.1").send(delivery("/slow", null)).join();
    assertThat(result.delivered()).isFalse();
    assertThat(result.error()).startsWith("timed out after 500 ms");
  }

  @Test
  void a_receiver_that_is_not_listening_fails_the_attempt() {
    server.stop(0);
    SendWebhook.Result result = sender("127.0.0.1").send(delivery("/hook", null)).join();
    assertThat(result.delivered()).isFalse();
    assertThat(result.error()).isNotBlank();
  }
}
