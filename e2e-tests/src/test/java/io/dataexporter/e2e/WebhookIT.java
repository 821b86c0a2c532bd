package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Webhooks end to end: a receiver on 127.0.0.1 (allow-listed in the test configuration) hears of
 * every export that completes, fails or is cancelled; failed attempts are retried with the same
 * delivery id and the same bytes, signed with the export's secret; every attempt is listed.
 */
class WebhookIT {
  private static final String SECRET = "webhook-test-secret";
  private static RunningSystem system;
  private static HttpServer receiver;
  private static String base;

  /** Per path, the requests received, in order. */
  private static final Map<String, List<Received>> received = new ConcurrentHashMap<>();

  /** Per path, how many requests get a 500 before it answers 200 (absent: always 200). */
  private static final Map<String, Integer> failFirst = new ConcurrentHashMap<>();

  record Received(Map<String, List<String>> headers, byte[] body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] body = exchange.getRequestBody().readAllBytes();
          List<Received> list = received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>());
          list.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          int code = list.size() <= failFirst.getOrDefault(path, 0) ? 500 : 200;
          exchange.sendResponseHeaders(code, -1);
          exchange.close();
        });
    receiver.start();
    base = "http://127.0.0.1:" + receiver.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  private static String export(String dataType, String path, String secret) {
    return "{\"data_types\": [\""
        + dataType
        + "\"], \"output_format\": \"jsonl\", \"webhook\": {\"url\": \""
        + base
        + path
        + "\""
        + (secret == null ? "" : ", \"secret\": \"" + secret + "\"")
        + "}}";
  }

  private static List<Received> awaitRequests(String path, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (received.getOrDefault(path, List.of()).size() < count) {
      assertThat(System.nanoTime()).as(count + " requests at " + path).isLessThan(deadline);
      Thread.sleep(50);
    }
    return new ArrayList<>(received.get(path));
  }

  private static JsonNode awaitDelivery(String exportId, String status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode items = system.parse(system.get("/" + exportId + "/webhooks")).get("items");
      if (items.size() == 1 && items.get(0).get("status").stringValue().equals(status)) {
        return items.get(0);
      }
      assertThat(System.nanoTime())
          .as("delivery of " + exportId + " " + status + ": " + items)
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static String hmac(String secret, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void a_completed_export_is_announced_again_after_failures_with_the_same_signed_bytes()
      throws Exception {
    failFirst.put("/flaky", 2);
    double deliveredBefore =
        system.workerCount("exporter.webhook.deliveries", "outcome", "delivered");
    double retriedBefore = system.workerCount("exporter.webhook.deliveries", "outcome", "retried");

    String id = system.submit(export("logs", "/flaky", SECRET));
    JsonNode finished = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(finished.get("status").stringValue()).isEqualTo("completed");
    List<Received> requests = awaitRequests("/flaky", 3);
    JsonNode delivery = awaitDelivery(id, "delivered");

    Received first = requests.get(0);
    for (Received r : requests) {
      assertThat(r.header("X-Exporter-Delivery"))
          .isEqualTo(first.header("X-Exporter-Delivery"))
          .isEqualTo(delivery.get("delivery_id").stringValue());
      assertThat(r.body()).isEqualTo(first.body());
      assertThat(r.header("X-Exporter-Event")).isEqualTo("export.completed");
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.header("X-Exporter-Signature")).isEqualTo(hmac(SECRET, r.body()));
    }
    assertThat(first.header("X-Exporter-Signature")).isNotEqualTo(hmac("other", first.body()));

    JsonNode body = system.json.readTree(first.body());
    assertThat(body.get("event").stringValue()).isEqualTo("export.completed");
    assertThat(body.get("export_id").stringValue()).isEqualTo(id);
    assertThat(body.get("schedule_id").isNull()).isTrue();
    assertThat(body.get("status").stringValue()).isEqualTo("completed");
    assertThat(body.get("occurred_at").stringValue()).isNotBlank();
    assertThat(body.get("record_counts").get("logs").longValue())
        .isEqualTo(finished.get("record_counts").get("logs").longValue())
        .isPositive();
    JsonNode listing = system.parse(system.get("/download/" + id));
    assertThat(body.get("files")).hasSize(1);
    JsonNode file = body.get("files").get(0);
    assertThat(file.propertyNames()).containsExactly("name", "size", "sha256");
    assertThat(file.get("size").longValue())
        .isEqualTo(finished.get("file_sizes").get("logs").longValue());
    assertThat(listing.toString())
        .contains(file.get("name").stringValue())
        .contains(file.get("sha256").stringValue());
    assertThat(new String(first.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);

    assertThat(delivery.get("event").stringValue()).isEqualTo("export.completed");
    assertThat(delivery.get("attempts").intValue()).isEqualTo(3);
    assertThat(delivery.get("delivered_at").isNull()).isFalse();
    assertThat(delivery.get("last_error").isNull()).isTrue();
    List<Integer> codes = new ArrayList<>();
    delivery.get("attempt_log").forEach(a -> codes.add(a.get("status_code").intValue()));
    assertThat(codes).containsExactly(500, 500, 200);
    assertThat(delivery.get("attempt_log").get(0).get("attempt").intValue()).isEqualTo(1);
    assertThat(delivery.toString()).doesNotContain(SECRET);

    assertThat(system.workerCount("exporter.webhook.deliveries", "outcome", "delivered"))
        .isGreaterThanOrEqualTo(deliveredBefore + 1);
    assertThat(system.workerCount("exporter.webhook.deliveries", "outcome", "retried"))
        .isGreaterThanOrEqualTo(retriedBefore + 2);

    // the payload was captured when the export ended: deleting it changes nothing, and no
    // further delivery is made
    assertThat(system.delete("/" + id).statusCode()).isEqualTo(200);
    Thread.sleep(1000);
    assertThat(received.get("/flaky")).hasSize(3);
  }

  @Test
  void a_failed_export_is_announced_unsigned_when_it_has_no_secret() throws Exception {
    String id = system.submit(export("vanishing", "/failed", null));
    assertThat(system.awaitFinished(id, Duration.ofMinutes(1)).get("status").stringValue())
        .isEqualTo("failed");
    Received request = awaitRequests("/failed", 1).get(0);
    assertThat(request.header("X-Exporter-Event")).isEqualTo("export.failed");
    assertThat(request.header("X-Exporter-Signature")).isNull();
    JsonNode body = system.json.readTree(request.body());
    assertThat(body.get("status").stringValue()).isEqualTo("failed");
    assertThat(body.get("files")).isEmpty();
    assertThat(awaitDelivery(id, "delivered").get("attempts").intValue()).isEqualTo(1);
  }

  @Test
  void a_cancelled_export_is_announced() throws Exception {
    String id = system.submit(export("big_events", "/cancelled", SECRET));
    assertThat(system.post("/" + id + "/cancel", "").statusCode()).isEqualTo(200);
    Received request = awaitRequests("/cancelled", 1).get(0);
    assertThat(request.header("X-Exporter-Event")).isEqualTo("export.cancelled");
    assertThat(request.header("X-Exporter-Signature")).isEqualTo(hmac(SECRET, request.body()));
    assertThat(system.json.readTree(request.body()).get("export_id").stringValue()).isEqualTo(id);
    awaitDelivery(id, "delivered");
  }

  @Test
  void a_receiver_that_keeps_failing_gets_the_configured_attempts_then_the_delivery_fails()
      throws Exception {
    failFirst.put("/down", Integer.MAX_VALUE);
    double failedBefore = system.workerCount("exporter.webhook.deliveries", "outcome", "failed");
    String id = system.submit(export("logs", "/down", null));
    system.awaitFinished(id, Duration.ofMinutes(2));
    JsonNode delivery = awaitDelivery(id, "failed");
    assertThat(delivery.get("attempts").intValue()).isEqualTo(4);
    assertThat(delivery.get("attempt_log")).hasSize(4);
    assertThat(delivery.get("last_error").stringValue()).contains("500");
    assertThat(received.get("/down")).hasSize(4);
    assertThat(system.workerCount("exporter.webhook.deliveries", "outcome", "failed"))
        .isGreaterThanOrEqualTo(failedBefore + 1);
  }

  @Test
  void the_daily_cleanup_removes_finished_deliveries_past_the_retention_and_keeps_pending_ones()
      throws Exception {
    java.util.UUID finished = java.util.UUID.randomUUID();
    java.util.UUID pending = java.util.UUID.randomUUID();
    String insert =
        "INSERT INTO exporter.webhook_deliveries (id, export_id, event, url, status,"
            + " next_attempt_at, export_status, record_counts, files, occurred_at, created_at)"
            + " VALUES (?, gen_random_uuid(), 'export.failed', 'http://127.0.0.1:9/', ?,"
            + " now() + interval '1 day', 'failed', '{}', '[]', now(), now() - interval '30 days')";
    try (java.sql.Connection c = system.services.connect()) {
      for (Object[] row : new Object[][] {{finished, "delivered"}, {pending, "pending"}}) {
        try (java.sql.PreparedStatement ps = c.prepareStatement(insert)) {
          ps.setObject(1, row[0]);
          ps.setString(2, (String) row[1]);
          ps.executeUpdate();
        }
      }
      system.workers.get(0).getBean(io.dataexporter.worker.cleanup.DailyCleanup.class).run();
      try (java.sql.PreparedStatement ps =
          c.prepareStatement("SELECT id FROM exporter.webhook_deliveries WHERE id IN (?, ?)")) {
        ps.setObject(1, finished);
        ps.setObject(2, pending);
        List<Object> left = new ArrayList<>();
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            left.add(rs.getObject(1));
          }
        }
        assertThat(left).containsExactly(pending);
      }
      try (java.sql.PreparedStatement ps =
          c.prepareStatement("DELETE FROM exporter.webhook_deliveries WHERE id = ?")) {
        ps.setObject(1, pending);
        ps.executeUpdate();
      }
    }
  }
}
