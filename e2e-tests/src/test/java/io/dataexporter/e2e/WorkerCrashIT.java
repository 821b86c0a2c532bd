package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.gateway.ApiGatewayApplication;
import io.dataexporter.testsupport.TestServices;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Worker processes killed with SIGKILL at random moments, mid-shard and mid-finalize, and stopped
 * with SIGTERM: every export still ends with exactly the database's rows, once each. Its own
 * database ({@code exporter_crash}) and queues, so no in-process worker helps out.
 */
class WorkerCrashIT {
  private static final int ROWS = 120_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<WorkerProcess> workers = new ArrayList<>();
  private static Map<String, Object> workerProperties;
  private static ConfigurableApplicationContext gateway;
  private static String baseUrl;
  private static int started;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = TestServices.get().withDatabase("exporter_crash");
    try (Connection c = services.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS exporter CASCADE");
      s.execute("DROP TABLE IF EXISTS public.crash_events");
      s.execute(
          "CREATE TABLE public.crash_events (id bigserial PRIMARY KEY, at timestamptz NOT NULL, payload text NOT NULL)");
      s.execute(
          "INSERT INTO public.crash_events (at, payload) SELECT timestamptz '2024-01-01 00:00:00+00' + (g / 2) * interval '1 second', md5(g::text) FROM generate_series(1, "
              + ROWS
              + ") g");
      s.execute("CREATE INDEX ON public.crash_events (at, id)");
      s.execute("ANALYZE public.crash_events");
    }
    Map<String, Object> common = new HashMap<>(services.springProperties());
    common.put("exporter.messaging.prefix", "exporter-crash");
    common.put("exporter.datasets.crash_events.table", "public.crash_events");
    common.put("exporter.datasets.crash_events.id-column", "id");
    common.put("exporter.datasets.crash_events.time-column", "at");
    common.put("exporter.datasets.crash_events.columns", "id,at,payload");
    common.put("exporter.worker.shard-target-rows", "4000");
    common.put("spring.main.banner-mode", "off");
    Map<String, Object> gatewayProperties = new HashMap<>(common);
    gatewayProperties.put("server.port", "0");
    gatewayProperties.put("exporter.security.admin-token", RunningSystem.ADMIN_TOKEN);
    gateway =
        ApiGatewayApplication.application()
            .run(
                gatewayProperties.entrySet().stream()
                    .map(e -> "--" + e.getKey() + "=" + e.getValue())
                    .toArray(String[]::new));
    baseUrl =
        "http://127.0.0.1:"
            + gateway.getEnvironment().getProperty("local.server.port")
            + "/api/v1/export";
    workerProperties = new HashMap<>(common);
    workerProperties.put("exporter.worker.sweep-interval", "1s");
    workerProperties.put("exporter.worker.lease-duration", "5s");
    workerProperties.put("exporter.worker.lease-renew-every", "1s");
    workerProperties.put("exporter.worker.finalize-timeout", "5s");
    workerProperties.put("exporter.worker.unfinalized-grace", "3s");
    // slow enough per shard that 20 kills (one every 0.5-2 s) always come before the end
    workerProperties.put("exporter.worker.max-rows-per-second", "1200");
    workerProperties.put("logging.level.root", "WARN");
  }

  @AfterAll
  static void stop() throws Exception {
    for (WorkerProcess w : workers) {
      if (w.alive()) {
        w.kill();
      }
    }
    if (gateway != null) {
      gateway.close();
    }
  }

  private static WorkerProcess newWorker() throws IOException {
    WorkerProcess w = WorkerProcess.start("crash-" + (++started), workerProperties);
    workers.add(w);
    return w;
  }

  private static List<WorkerProcess> alive() {
    return workers.stream().filter(WorkerProcess::alive).toList();
  }

  private static JsonNode call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        RunningSystem.authorized(
                HttpRequest.newBuilder(URI.create(baseUrl + path)), RunningSystem.ADMIN_TOKEN)
            .header("Content-Type", "application/json");
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.method(method, HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return JSON.readTree(r.body());
  }

  private static String status(String id) throws Exception {
    return call("GET", "/" + id + "/status", null).get("status").stringValue();
  }

  private static String submit() throws Exception {
    return call(
            "POST",
            "/",
            "{\"data_types\": [\"crash_events\"], \"output_format\": \"jsonl\", \"compression\": true, \"batch_size\": 200}")
        .get("export_id")
        .stringValue();
  }

  /** The export's ids, in file order, checked against 1..ROWS: every row exactly once, in order. */
  private static void assertExactlyTheRows(String id) throws Exception {
    JsonNode file = call("GET", "/download/" + id, null).get("files").get(0);
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(file.get("url").stringValue())).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    long expected = 1;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode record = JSON.readTree(line);
        assertThat(record.get("id").longValue()).as("record " + expected).isEqualTo(expected);
        assertThat(record.get("payload").stringValue()).isEqualTo(md5(expected));
        expected++;
      }
    }
    assertThat(expected - 1).isEqualTo(ROWS);
    assertThat(file.get("records").longValue()).isEqualTo(ROWS);
  }

  private static String md5(long n) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("MD5")
                .digest(Long.toString(n).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void twenty_sigkills_at_random_moments_lose_and_double_nothing() throws Exception {
    for (int i = 0; i < 3; i++) {
      newWorker();
    }
    for (WorkerProcess w : alive()) {
      w.awaitHealthy(Duration.ofMinutes(2));
    }
    String id = submit();
    long seed = System.nanoTime();
    Random random = new Random(seed);
    int kills = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    while (kills < 20 && !status(id).equals("completed")) {
      assertThat(System.nanoTime())
          .as("kills so far: " + kills + " (seed " + seed + ")")
          .isLessThan(deadline);
      Thread.sleep(500 + random.nextInt(1500));
      List<WorkerProcess> candidates = alive();
      WorkerProcess victim = candidates.get(random.nextInt(candidates.size()));
      victim.kill();
      kills++;
      newWorker();
    }
    assertThat(kills).as("the export outlived 20 kills (seed " + seed + ")").isEqualTo(20);
    // one reading per round: two could straddle the move to completed
    for (String s = status(id); !s.equals("completed"); s = status(id)) {
      assertThat(s).isIn("pending", "running", "finalizing");
      assertThat(System.nanoTime()).as("export finished after the kills").isLessThan(deadline);
      Thread.sleep(250);
    }
    assertExactlyTheRows(id);
  }

  @Test
  void a_sigkill_while_finalizing_is_recovered_by_another_worker() throws Exception {
    while (alive().size() < 2) {
      newWorker();
    }
    for (WorkerProcess w : alive()) {
      w.awaitHealthy(Duration.ofMinutes(2));
    }
    String id = submit();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    String status = status(id);
    while (!status.equals("finalizing")) {
      assertThat(status).as("the export reaches finalizing").isNotEqualTo("completed");
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
      status = status(id);
    }
    for (WorkerProcess w : alive()) {
      w.kill();
    }
    assertThat(status(id)).isEqualTo("finalizing");
    newWorker().awaitHealthy(Duration.ofMinutes(2));
    while (!status(id).equals("completed")) {
      assertThat(System.nanoTime()).as("recovered from a dead finalizer").isLessThan(deadline);
      Thread.sleep(250);
    }
    assertExactlyTheRows(id);
  }

  @Test
  void sigterm_hands_back_the_running_shard_and_leaves_nothing_running() throws Exception {
    while (alive().size() < 2) {
      newWorker();
    }
    for (WorkerProcess w : alive()) {
      w.awaitHealthy(Duration.ofMinutes(2));
    }
    String id = submit();
    Thread.sleep(3000);
    WorkerProcess stopping = alive().get(0);
    assertThat(stopping.terminate(Duration.ofSeconds(30)))
        .as("exits by itself on SIGTERM")
        .isNotEqualTo(-1);
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!status(id).equals("completed")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(250);
    }
    assertExactlyTheRows(id);
    JsonNode progress = call("GET", "/" + id + "/progress", null);
    progress
        .get("shards")
        .forEach(s -> assertThat(s.get("status").stringValue()).isEqualTo("completed"));
  }
}
