package io.dataexporter.e2e;

import io.dataexporter.gateway.ApiGatewayApplication;
import io.dataexporter.testsupport.TestServices;
import io.dataexporter.worker.ExportWorkerApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One gateway and two workers ({@code worker-a}, {@code worker-b}) in this JVM, against the real
 * services, on a freshly seeded test database. Started once and shared by every test class.
 */
final class RunningSystem {
  static final long SHARD_TARGET_ROWS = 2500;
  static final String HASH_SECRET = "test-hash-secret";
  static final int MAX_ACTIVE_EXPORTS = 40;
  static final String ADMIN_TOKEN = "test-admin-token";
  private static RunningSystem instance;

  final TestServices services;
  final String baseUrl;
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final JsonMapper json = JsonMapper.builder().build();
  final List<ConfigurableApplicationContext> workers;

  private RunningSystem(
      TestServices services, String baseUrl, List<ConfigurableApplicationContext> workers) {
    this.services = services;
    this.baseUrl = baseUrl;
    this.workers = List.copyOf(workers);
  }

  static synchronized RunningSystem get() throws Exception {
    if (instance == null) {
      TestServices services = TestServices.get();
      seed(services);
      Map<String, Object> common = new HashMap<>(services.springProperties());
      common.put("server.port", "0");
      common.put("spring.main.banner-mode", "off");
      common.put("exporter.security.admin-token", ADMIN_TOKEN);
      // the gateway reads it too, for the estimate's shard plan
      common.put("exporter.worker.shard-target-rows", Long.toString(SHARD_TARGET_ROWS));
      // a table the deployment adds by configuration only
      common.put("exporter.datasets.audit_trail.table", "public.audit_trail");
      common.put("exporter.datasets.audit_trail.id-column", "event_id");
      common.put("exporter.datasets.audit_trail.time-column", "happened_at");
      common.put(
          "exporter.datasets.audit_trail.columns",
          "event_id,happened_at,actor,amount,approved,payload");
      // copies of the three tables without constraints, holding rows that break each rule
      Map<String, String[]> quality =
          Map.of(
              "logs",
                  new String[] {
                    "timestamp",
                    "process",
                    "id,timestamp,host,process,pid,level,message,source_ip,metadata"
                  },
              "anomalies",
                  new String[] {
                    "detected_at",
                    "process",
                    "id,detected_at,log_id,process,anomaly_type,score,severity,details"
                  },
              "ips",
                  new String[] {
                    "last_seen",
                    "",
                    "id,ip,first_seen,last_seen,request_count,country,asn,reputation,metadata"
                  });
      quality.forEach(
          (type, entry) -> {
            String prefix = "exporter.datasets.bad_" + type + ".";
            common.put(prefix + "table", "quality." + type);
            common.put(prefix + "id-column", "id");
            common.put(prefix + "time-column", entry[0]);
            common.put(prefix + "process-column", entry[1]);
            common.put(prefix + "columns", entry[2]);
            common.put(prefix + "rule-set", type);
          });
      common.put("exporter.datasets.all_bad.table", "quality.all_bad");
      common.put("exporter.datasets.all_bad.id-column", "id");
      common.put("exporter.datasets.all_bad.time-column", "timestamp");
      common.put("exporter.datasets.all_bad.columns", "id,timestamp,host,message");
      common.put("exporter.datasets.all_bad.rule-set", "logs");
      common.put("exporter.datasets.tx_events.table", "public.tx_events");
      common.put("exporter.datasets.tx_events.id-column", "id");
      common.put("exporter.datasets.tx_events.time-column", "at");
      common.put("exporter.datasets.tx_events.columns", "id,at,ip,user_name,note,payload");
      dataset(common, "flaky", "quality.flaky", "at", "id,at,note,boom");
      dataset(common, "not_yet", "quality.not_yet", "at", "id,at");
      // names a column its table does not have: every read fails alike (a permanent error)
      dataset(common, "vanishing", "quality.flaky_rows", "at", "id,at,gone");
      dataset(common, "big_events", "public.big_events", "at", "id,at,payload");
      dataset(common, "far_times", "public.far_times", "at", "id,at,seen,note");
      dataset(common, "wide_events", "public.wide_events", "at", "id,at,payload");
      dataset(common, "pit_events", "public.pit_events", "at", "id,at,payload");
      dataset(common, "inc_events", "public.inc_events", "at", "id,at,payload");
      dataset(common, "edge_times", "public.edge_times", "at", "id,at,note");
      // one table with every filterable type: the COPY path's columns, and all of them
      dataset(common, "filter_rows", "public.filter_rows", "at", "id,at,name,code,seen,addr,doc");
      dataset(
          common,
          "filter_all",
          "public.filter_rows",
          "at",
          "id,at,name,code,amount,price,seen,local_at,flag,addr,doc");
      // created by SpreadsheetSafeCsvIT and ZstdExportIT
      dataset(common, "formula_cells", "public.formula_cells", "at", "id,at,note,n,meta");
      dataset(common, "noisy_events", "public.noisy_events", "at", "id,at,payload");
      // created by SamplesAndSplitsExportIT
      dataset(common, "split_events", "public.split_events", "at", "id,at,host,payload");
      // created by ParquetExportIT: a column of every kind, hostile values, NULLs
      dataset(
          common,
          "parquet_rows",
          "public.parquet_rows",
          "at",
          "id,at,name,small,big,ratio,price,seen,local_at,flag,addr,doc");
      // configured but never created: reading it is an unexpected error (a 500)
      dataset(common, "never_created", "quality.never_created", "at", "id,at");
      // fast recovery, so fault tests need not wait long
      common.put("exporter.worker.sweep-interval", "1s");
      common.put("exporter.worker.lease-duration", "4s");
      common.put("exporter.worker.lease-renew-every", "1s");
      common.put("exporter.worker.finalize-timeout", "3s");
      common.put("exporter.worker.unfinalized-grace", "2s");
      common.put("exporter.gateway.publish-interval", "1s");
      // webhook receivers of the tests listen on this machine; retries come quickly
      common.put("exporter.webhooks.allowed-hosts", "127.0.0.1");
      common.put("exporter.webhooks.poll-interval", "200ms");
      common.put("exporter.webhooks.backoff", "200ms");
      common.put("exporter.webhooks.max-backoff", "1s");
      common.put("exporter.webhooks.timeout", "2s");
      common.put("exporter.webhooks.max-attempts", "4");
      common.put("exporter.gateway.max-active-exports", Integer.toString(MAX_ACTIVE_EXPORTS));
      common.put("exporter.gateway.max-body-size", "64KB");
      common.put("exporter.gateway.auth-failure-window", "3s");
      common.put("exporter.gateway.max-event-streams", "12");
      common.put("exporter.gateway.max-templates-per-owner", "50");
      common.put("exporter.schedules.poll-every", "200ms");
      common.put("exporter.schedules.backfill-concurrency", "2");
      ConfigurableApplicationContext gateway =
          ApiGatewayApplication.application().run(args(common));
      List<ConfigurableApplicationContext> workers = new ArrayList<>();
      for (String id : new String[] {"worker-a", "worker-b"}) {
        Map<String, Object> props = new HashMap<>(common);
        props.put("exporter.worker.id", id);
        props.put("exporter.worker.progress-every", "500");
        props.put("exporter.worker.max-rejected-share", "0.9");
        // slow enough that a test can act while an export of big_events runs
        props.put("exporter.worker.max-rows-per-second", "20000");
        props.put("exporter.worker.hash-secret", HASH_SECRET);
        workers.add(ExportWorkerApplication.application().run(args(props)));
      }
      String port = gateway.getEnvironment().getProperty("local.server.port");
      instance =
          new RunningSystem(services, "http://127.0.0.1:" + port + "/api/v1/export", workers);
    }
    return instance;
  }

  /** The object store the workers write to. */
  io.dataexporter.storage.ObjectStore getStore() {
    return workers.get(0).getBean(io.dataexporter.storage.ObjectStore.class);
  }

  /**
   * Stops (false) or restarts (true) every worker's shard-task consumers: exports are still
   * planned, but no shard runs until they are back, so a test can change data between planning and
   * reading.
   */
  void shardConsumers(boolean running) {
    consumers("shard-tasks", running);
  }

  /**
   * Stops (false) or restarts (true) every worker's consumers of the queue ending in {@code queue}.
   */
  void consumers(String queue, boolean running) {
    for (ConfigurableApplicationContext worker : workers) {
      var registry =
          worker.getBean(
              org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry.class);
      for (var container : registry.getListenerContainers()) {
        if (container
                instanceof
                org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer c
            && java.util.Arrays.stream(c.getQueueNames()).anyMatch(q -> q.endsWith(queue))) {
          if (running) {
            c.start();
          } else {
            c.stop();
          }
        }
      }
    }
  }

  /**
   * Lets a plan stored by hand (epoch 0, no holder) be read: a worker takes a snapshot for the
   * export and holds it, as planning does. Without it, the export's first shard finds no snapshot
   * and the export is planned again.
   */
  void holdSnapshot(java.util.UUID exportId) throws java.sql.SQLException {
    var hold = workers.get(0).getBean(io.dataexporter.worker.snapshot.HoldSnapshots.class);
    var snapshot = hold.take(exportId, 0);
    workers
        .get(0)
        .getBean(org.jdbi.v3.core.Jdbi.class)
        .useHandle(
            h ->
                io.dataexporter.worker.snapshot.SnapshotHolders.insert(
                    h, snapshot, hold.holderId(), hold.leaseEnd()));
    hold.adopt(snapshot);
  }

  /** A workers' counter summed over both workers; {@code tags}: key, value, key, value, ... */
  double workerCount(String meter, String... tags) {
    return workers.stream()
        .mapToDouble(
            w ->
                w.getBean(MeterRegistry.class).find(meter).tags(tags).counters().stream()
                    .mapToDouble(Counter::count)
                    .sum())
        .sum();
  }

  /** Hex SHA-256 of bytes, as listings and manifests give it. */
  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void dataset(
      Map<String, Object> properties, String name, String table, String time, String columns) {
    String prefix = "exporter.datasets." + name + ".";
    properties.put(prefix + "table", table);
    properties.put(prefix + "id-column", "id");
    properties.put(prefix + "time-column", time);
    properties.put(prefix + "columns", columns);
  }

  /** As command-line arguments, which win over the applications' own application.yml. */
  private static String[] args(Map<String, Object> properties) {
    return properties.entrySet().stream()
        .map(e -> "--" + e.getKey() + "=" + e.getValue())
        .toArray(String[]::new);
  }

  /** Fresh source tables with the fixture rows, and an empty exporter schema. */
  private static void seed(TestServices services) throws Exception {
    try (Connection c = services.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS exporter CASCADE");
      s.execute("DROP TABLE IF EXISTS public.logs, public.anomalies, public.ips");
      s.execute(Files.readString(Path.of("../infra/db/source-schema.sql")));
      try (InputStream in = RunningSystem.class.getResourceAsStream("/fixtures/source-rows.sql")) {
        s.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return post(path, body, ADMIN_TOKEN);
  }

  /** As the holder of {@code token} (null: no Authorization header). */
  HttpResponse<String> post(String path, String body, String token)
      throws IOException, InterruptedException {
    return http.send(
        authorized(HttpRequest.newBuilder(URI.create(url(path))), token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(path, ADMIN_TOKEN);
  }

  HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
    return http.send(
        authorized(HttpRequest.newBuilder(URI.create(url(path))), token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** HEAD as the holder of {@code token}; the status is what matters. */
  int head(String path, String token) throws IOException, InterruptedException {
    return http.send(
            authorized(HttpRequest.newBuilder(URI.create(url(path))), token)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** A new token for a new user named {@code prefix-<uuid>}; returns name and token. */
  String[] newUser(String prefix) throws IOException, InterruptedException {
    String name = prefix + "-" + java.util.UUID.randomUUID();
    HttpResponse<String> r = post("/api/v1/admin/tokens", "{\"name\": \"" + name + "\"}");
    if (r.statusCode() != 201) {
      throw new IllegalStateException("token -> " + r.statusCode() + ": " + r.body());
    }
    return new String[] {name, parse(r).get("token").stringValue()};
  }

  HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    return delete(path, ADMIN_TOKEN);
  }

  HttpResponse<String> delete(String path, String token) throws IOException, InterruptedException {
    return http.send(
        authorized(HttpRequest.newBuilder(URI.create(url(path))), token).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Paths are relative to the export API, or absolute when they start with /api/. */
  String url(String path) {
    return path.startsWith("/api/") ? baseUrl.replace("/api/v1/export", "") + path : baseUrl + path;
  }

  static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
    return token == null ? request : request.header("Authorization", "Bearer " + token);
  }

  byte[] fetch(String url) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET "
              + url
              + " -> "
              + response.statusCode()
              + ": "
              + new String(response.body(), StandardCharsets.UTF_8));
    }
    return response.body();
  }

  JsonNode parse(HttpResponse<String> response) {
    return json.readTree(response.body());
  }

  /** Submits an export and returns its id. */
  String submit(String body) throws Exception {
    HttpResponse<String> response = post("/", body);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST -> " + response.statusCode() + ": " + response.body());
    }
    return parse(response).get("export_id").stringValue();
  }

  /**
   * The export's status document; an {@link AssertionError} naming the status code and body when
   * the gateway does not answer 200 (a problem document has no {@code status} string to read).
   */
  JsonNode status(String exportId) throws Exception {
    if (exportId == null) {
      throw new AssertionError("no export id to ask the status of (a schedule run still waiting?)");
    }
    HttpResponse<String> response = get("/" + exportId + "/status");
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET status of export "
              + exportId
              + " -> "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return parse(response);
  }

  /** Polls the status until the export is completed or failed. */
  JsonNode awaitFinished(String exportId, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = status(exportId);
      String s = status.get("status").stringValue();
      if (s.equals("completed") || s.equals("failed")) {
        return status;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("export " + exportId + " did not finish within " + timeout);
  }
}
