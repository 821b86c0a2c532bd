package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * What an operator sees: the Prometheus metrics of gateway and workers move as exports complete,
 * fail, reject records and get cancelled; readiness follows the object store; logs about an export
 * are JSON lines carrying its id.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT {
  private static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @Test
  void metrics_move_as_exports_complete_fail_reject_and_get_cancelled() throws Exception {
    Scrape before = scrapeAll();

    String ok = system.submit("{\"data_types\": [\"logs\", \"ips\"], \"output_format\": \"csv\"}");
    JsonNode done = system.awaitFinished(ok, Duration.ofMinutes(1));
    assertThat(done.get("status").stringValue()).isEqualTo("completed");
    long logs =
        system
            .parse(system.get("/" + ok + "/progress"))
            .at("/data_types/logs/records_exported")
            .longValue();
    assertThat(logs).isPositive();
    assertThat(system.get("/download/" + ok).statusCode()).isEqualTo(200);

    String bad = system.submit("{\"data_types\": [\"all_bad\"], \"output_format\": \"jsonl\"}");
    assertThat(system.awaitFinished(bad, Duration.ofMinutes(1)).get("status").stringValue())
        .isEqualTo("failed");

    String slow = system.submit("{\"data_types\": [\"big_events\"], \"output_format\": \"json\"}");
    HttpResponse<String> cancelled = system.post("/" + slow + "/cancel", "");
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);

    Scrape after = scrapeAll();
    assertThat(after.delta(before, "exporter_exports_started_total", "format", "csv")).isEqualTo(1);
    assertThat(after.delta(before, "exporter_exports_started_total", "format", "jsonl"))
        .isEqualTo(1);
    assertThat(after.delta(before, "exporter_exports_completed_total", "format", "csv"))
        .isEqualTo(1);
    assertThat(after.delta(before, "exporter_exports_failed_total", "format", "jsonl"))
        .isEqualTo(1);
    assertThat(after.delta(before, "exporter_exports_cancelled_total")).isEqualTo(1);
    assertThat(after.delta(before, "exporter_export_duration_seconds_count", "format", "csv"))
        .isEqualTo(1);
    assertThat(after.sum("exporter_export_duration_seconds_bucket", "format", "csv", "le", "+Inf"))
        .isEqualTo(after.sum("exporter_export_duration_seconds_count", "format", "csv"));
    assertThat(
            after.delta(
                before, "exporter_records_exported_total", "data_type", "logs", "format", "csv"))
        .isEqualTo(logs);
    assertThat(
            after.delta(
                before, "exporter_bytes_written_total", "data_type", "logs", "format", "csv"))
        .isPositive();
    assertThat(
            after.delta(
                before, "exporter_shards_total", "data_type", "logs", "outcome", "completed"))
        .isGreaterThanOrEqualTo((double) logs / RunningSystem.SHARD_TARGET_ROWS);
    assertThat(
            after.delta(
                before,
                "exporter_shard_duration_seconds_count",
                "data_type",
                "logs",
                "outcome",
                "completed"))
        .isEqualTo(
            after.delta(
                before, "exporter_shards_total", "data_type", "logs", "outcome", "completed"));
    // all_bad: both records break rules; each is counted once as rejected, and under every rule
    // it breaks
    assertThat(
            after.delta(
                before,
                "exporter_records_validated_total",
                "data_type",
                "all_bad",
                "result",
                "rejected"))
        .isEqualTo(2);
    assertThat(after.delta(before, "exporter_records_rejected_total", "data_type", "all_bad"))
        .isGreaterThanOrEqualTo(2);
    assertThat(after.delta(before, "exporter_presigned_urls_total", "kind", "data")).isEqualTo(2);
    assertThat(after.delta(before, "exporter_presigned_urls_total", "kind", "manifest"))
        .isEqualTo(1);

    // gauges are read from the system at most every few seconds: wait for a fresh reading
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (after.sum("exporter_exports", "status", "cancelled")
            < before.sum("exporter_exports", "status", "cancelled") + 1
        && System.nanoTime() < deadline) {
      Thread.sleep(500);
      after = scrapeAll();
    }
    String shardQueue = "exporter-test.shard-tasks";
    assertThat(after.sum("exporter_queue_consumers", "queue", shardQueue))
        .as("both workers consume shard tasks")
        .isGreaterThanOrEqualTo(2);
    assertThat(after.has("exporter_queue_messages", "queue", "exporter-test.dead-letters"))
        .isTrue();
    assertThat(after.sum("exporter_exports", "status", "completed")).isGreaterThanOrEqualTo(1);
    assertThat(after.sum("exporter_exports", "status", "cancelled"))
        .isEqualTo(before.sum("exporter_exports", "status", "cancelled") + 1);
    assertThat(after.sum("exporter_storage_used_bytes")).isPositive();
    assertThat(after.has("exporter_export_oldest_active_seconds")).isTrue();
    assertThat(after.has("exporter_shards_in_flight", "worker_id", "worker-a")).isTrue();
    assertThat(after.has("exporter_shards_in_flight", "worker_id", "worker-b")).isTrue();
  }

  @Test
  void readiness_reports_each_dependency_and_goes_down_without_the_object_store() throws Exception {
    for (String base : bases()) {
      HttpResponse<String> live = plainGet(base + "/actuator/health/liveness");
      assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
      HttpResponse<String> ready = plainGet(base + "/actuator/health/readiness");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      JsonNode components = system.json.readTree(ready.body()).get("components");
      for (String dependency : List.of("db", "rabbit", "redis", "objectStore")) {
        assertThat(components.get(dependency))
            .as(base + " readiness has " + dependency)
            .isNotNull();
        assertThat(components.get(dependency).get("status").stringValue()).isEqualTo("UP");
      }
    }
    assumeTrue(system.services.s3() != null, "the object store is a container here");
    String gateway = bases().get(0);
    CompletableFuture<Void> outage =
        CompletableFuture.runAsync(
            () -> {
              try {
                system.services.s3().outage(Duration.ofSeconds(4));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    try {
      HttpResponse<String> down = awaitStatus(gateway + "/actuator/health/readiness", 503);
      assertThat(
              system.json.readTree(down.body()).at("/components/objectStore/status").stringValue())
          .isEqualTo("DOWN");
      assertThat(plainGet(gateway + "/actuator/health/liveness").statusCode())
          .as("a missing store is not a reason to restart the process")
          .isEqualTo(200);
    } finally {
      outage.join();
    }
    awaitStatus(gateway + "/actuator/health/readiness", 200);
  }

  @Test
  void log_lines_about_an_export_are_json_with_its_id(CapturedOutput output) throws Exception {
    String id = system.submit("{\"data_types\": [\"ips\"]}");
    assertThat(system.awaitFinished(id, Duration.ofMinutes(1)).get("status").stringValue())
        .isEqualTo("completed");
    // the job turns completed a moment before its worker logs it
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (output
            .getOut()
            .lines()
            .noneMatch(l -> l.contains("\"export completed") && l.contains(id))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.getOut().split("\n")) {
      if (line.contains(id)) {
        assertThat(line.strip()).as("a JSON object per line").startsWith("{").endsWith("}");
        lines.add(system.json.readTree(line));
      }
    }
    List<String> messages = new ArrayList<>();
    for (JsonNode line : lines) {
      assertThat(line.has("@timestamp") && line.has("level") && line.has("message")).isTrue();
      if (id.equals(line.path("export_id").stringValue(null))) {
        messages.add(line.get("message").stringValue());
      }
    }
    assertThat(messages)
        .as("one line per lifecycle event, each with export_id")
        .anyMatch(m -> m.startsWith("export_created"))
        .anyMatch(m -> m.startsWith("export planned"))
        .anyMatch(m -> m.startsWith("shard ips#0 started"))
        .anyMatch(m -> m.startsWith("shard ips#0 completed"))
        .anyMatch(m -> m.startsWith("export completed"));
    assertThat(lines)
        .filteredOn(l -> l.path("message").stringValue("").startsWith("shard ips#0 completed"))
        .allMatch(l -> l.hasNonNull("shard_id"));
  }

  private static HttpResponse<String> awaitStatus(String url, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    HttpResponse<String> last = null;
    while (System.nanoTime() < deadline) {
      last = plainGet(url);
      if (last.statusCode() == status) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(url + " did not answer " + status + "; last: " + last.body());
  }

  private static HttpResponse<String> plainGet(String url) throws Exception {
    return system.http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The gateway first, then each worker. */
  private static List<String> bases() {
    List<String> bases = new ArrayList<>();
    bases.add(system.baseUrl.replace("/api/v1/export", ""));
    for (ConfigurableApplicationContext worker : system.workers) {
      bases.add("http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port"));
    }
    return bases;
  }

  /**
   * The gateway's {@code /actuator/prometheus}, and each worker's registry as that endpoint renders
   * it (in this one test JVM the gateway's Spring Security is on the workers' classpath too, and
   * would guard their endpoint).
   */
  private static Scrape scrapeAll() throws Exception {
    Scrape all = new Scrape();
    HttpResponse<String> r = plainGet(bases().get(0) + "/actuator/prometheus");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    all.add(r.body());
    for (ConfigurableApplicationContext worker : system.workers) {
      all.add(worker.getBean(PrometheusMeterRegistry.class).scrape());
    }
    return all;
  }

  /** Samples of Prometheus text exposition from several targets: series → value. */
  private static final class Scrape {
    private static final Pattern SAMPLE =
        Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    private final List<Map.Entry<String, Map<String, String>>> series = new ArrayList<>();
    private final List<Double> values = new ArrayList<>();

    void add(String text) {
      for (String line : text.split("\n")) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        Matcher m = SAMPLE.matcher(line.strip());
        if (!m.matches()) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        series.add(Map.entry(m.group(1), labels));
        values.add(Double.parseDouble(m.group(4)));
      }
    }

    /** Sum over the series of {@code name} whose labels include the given pairs. */
    double sum(String name, String... labels) {
      double total = 0;
      for (int i = 0; i < series.size(); i++) {
        if (matches(series.get(i), name, labels) && !values.get(i).isNaN()) {
          total += values.get(i);
        }
      }
      return total;
    }

    boolean has(String name, String... labels) {
      return series.stream().anyMatch(s -> matches(s, name, labels));
    }

    double delta(Scrape before, String name, String... labels) {
      return sum(name, labels) - before.sum(name, labels);
    }

    private static boolean matches(
        Map.Entry<String, Map<String, String>> s, String name, String[] labels) {
      if (!s.getKey().equals(name)) {
        return false;
      }
      for (int i = 0; i < labels.length; i += 2) {
        if (!labels[i + 1].equals(s.getValue().get(labels[i]))) {
          return false;
        }
      }
      return true;
    }
  }
}
