package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Schedules through the public API on the running system (one gateway, two workers that both fire):
 * incremental runs export every row exactly once however late it arrives; each fire time makes one
 * export; missed fire times follow the misfire policy; backfill runs a bounded number of windows at
 * a time; exports name their schedule in status, history and manifest.
 */
class ScheduleIT {
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    sql(
        "DROP TABLE IF EXISTS public.inc_events",
        "CREATE TABLE public.inc_events (id bigserial PRIMARY KEY, at timestamptz NOT NULL,"
            + " payload text NOT NULL)",
        "CREATE INDEX ON public.inc_events (at, id)");
  }

  private static void sql(String... statements) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static JsonNode createSchedule(String body) throws Exception {
    var response = system.post("/api/v1/schedules", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return system.parse(response);
  }

  private static String runNow(String scheduleId) throws Exception {
    var response = system.post("/api/v1/schedules/" + scheduleId + "/run", "");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return system.parse(response).get("export_id").stringValue();
  }

  /** id → payload of each line of an export's single JSON Lines or CSV file. */
  private static Map<Long, String> exported(String exportId, String format) throws Exception {
    JsonNode file = system.parse(system.get("/download/" + exportId)).get("files").get(0);
    byte[] bytes = system.fetch(file.get("url").stringValue());
    Map<Long, String> rows = new LinkedHashMap<>();
    if (format.equals("csv")) {
      for (var record :
          org.apache.commons.csv.CSVFormat.RFC4180
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
        assertThat(rows.put(Long.parseLong(record.get("id")), record.get("payload"))).isNull();
      }
    } else {
      for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
        if (!line.isEmpty()) {
          JsonNode r = Records.readJson(line.getBytes(StandardCharsets.UTF_8));
          assertThat(rows.put(r.get("id").longValue(), r.get("payload").stringValue())).isNull();
        }
      }
    }
    return rows;
  }

  private static Map<Long, String> table() throws Exception {
    Map<Long, String> rows = new HashMap<>();
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, payload FROM public.inc_events")) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getString(2));
      }
    }
    return rows;
  }

  private static JsonNode awaitStatus(String exportId, String wanted) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = system.status(exportId);
      String s = status.get("status").stringValue();
      if (s.equals(wanted) || s.equals("completed") || s.equals("failed")) {
        return status;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(exportId + " never reached " + wanted);
  }

  /**
   * The schedule's runs once each has its export: a fired run is listed at once, {@code waiting}
   * with a null {@code export_id}, until a worker starts it (firing and starting are separate
   * transactions).
   */
  private static JsonNode runsWithExports(String scheduleId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      JsonNode runs =
          system.parse(system.get("/api/v1/schedules/" + scheduleId + "/runs?limit=100"));
      boolean waiting = false;
      for (JsonNode run : runs.get("items")) {
        waiting |= run.get("export_id").isNull();
      }
      if (!waiting) {
        return runs;
      }
      assertThat(System.nanoTime()).as("runs still waiting: %s", runs).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "jsonl"})
  void an_incremental_schedule_exports_every_row_exactly_once_however_late_it_commits(String format)
      throws Exception {
    sql("TRUNCATE public.inc_events RESTART IDENTITY");
    sql(
        "INSERT INTO public.inc_events (at, payload) SELECT timestamptz '2024-01-01 00:00:00+00'"
            + " + g * interval '1 minute', 'v1' FROM generate_series(1, 2000) g");
    JsonNode schedule =
        createSchedule(
            """
            {"name": "incremental-%s-%s", "cron": "0 0 1 1 *", "mode": "incremental",
             "export": {"data_types": ["inc_events"], "output_format": "%s", "compression": false,
                        "validation_level": "none"}}
            """
                .formatted(format, UUID.randomUUID(), format));
    String id = schedule.get("schedule_id").stringValue();
    List<String> exports = new ArrayList<>();
    Set<Long> updated = new HashSet<>();

    // run 1: everything so far
    exports.add(runNow(id));
    assertThat(
            system
                .awaitFinished(exports.get(0), Duration.ofSeconds(60))
                .get("status")
                .stringValue())
        .isEqualTo("completed");

    // other connections keep inserting while runs 2 to 4 run, half with old timestamps
    AtomicBoolean inserting = new AtomicBoolean(true);
    AtomicInteger inserted = new AtomicInteger();
    Thread inserter =
        new Thread(
            () -> {
              try (Connection c = system.services.connect();
                  Statement s = c.createStatement()) {
                int i = 0;
                while (inserting.get()) {
                  s.execute(
                      "INSERT INTO public.inc_events (at, payload) VALUES ("
                          + (i++ % 2 == 0 ? "now()" : "timestamptz '2020-01-01 00:00:00+00'")
                          + ", 'live')");
                  inserted.incrementAndGet();
                  Thread.sleep(2);
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    inserter.start();

    // a transaction that begins before run 2, with a row inserted in a subtransaction, and commits
    // only after run 2 took its snapshot: its rows belong to run 3
    try (Connection late = system.services.connect()) {
      late.setAutoCommit(false);
      try (Statement s = late.createStatement()) {
        s.execute("INSERT INTO public.inc_events (at, payload) VALUES ('2019-06-01', 'late')");
        s.execute("SAVEPOINT sp");
        s.execute("INSERT INTO public.inc_events (at, payload) VALUES ('2019-06-02', 'late-sub')");
        s.execute("RELEASE SAVEPOINT sp");
        // an exported row changes: its new version belongs to a later run
        s.execute("UPDATE public.inc_events SET payload = 'v2' WHERE id IN (1, 2, 3)");
      }
      updated.addAll(List.of(1L, 2L, 3L));
      String second = runNow(id);
      exports.add(second);
      awaitStatus(second, "running");
      late.commit();
      assertThat(system.awaitFinished(second, Duration.ofSeconds(60)).get("status").stringValue())
          .isEqualTo("completed");
    }
    for (int run = 3; run <= 4; run++) {
      String next = runNow(id);
      exports.add(next);
      assertThat(system.awaitFinished(next, Duration.ofSeconds(60)).get("status").stringValue())
          .isEqualTo("completed");
    }
    inserting.set(false);
    inserter.join();
    assertThat(inserted.get()).isGreaterThan(10);
    // run 5 sees everything committed
    exports.add(runNow(id));
    assertThat(
            system
                .awaitFinished(exports.get(4), Duration.ofSeconds(60))
                .get("status")
                .stringValue())
        .isEqualTo("completed");

    List<Map<Long, String>> runs = new ArrayList<>();
    for (String export : exports) {
      runs.add(exported(export, format));
    }
    Map<Long, String> table = table();
    Map<Long, Integer> seen = new HashMap<>();
    Map<Long, String> lastVersion = new HashMap<>();
    for (Map<Long, String> run : runs) {
      run.forEach(
          (rowId, payload) -> {
            seen.merge(rowId, 1, Integer::sum);
            lastVersion.put(rowId, payload);
          });
    }
    assertThat(lastVersion).as("the union of all runs is the table").isEqualTo(table);
    seen.forEach(
        (rowId, times) ->
            assertThat(times)
                .as("row %d is in %d runs", rowId, times)
                .isEqualTo(updated.contains(rowId) ? 2 : 1));
    assertThat(runs.get(0)).containsEntry(1L, "v1").hasSize(2000);
    assertThat(runs.get(1)).doesNotContainValue("late").doesNotContainValue("late-sub");
    assertThat(runs.get(2)).containsValue("late").containsValue("late-sub").containsEntry(1L, "v2");

    // every run is listed with its export, status and counts, newest first
    JsonNode listed = system.parse(system.get("/api/v1/schedules/" + id + "/runs?limit=10"));
    assertThat(listed.get("total").longValue()).isEqualTo(5);
    JsonNode newest = listed.get("items").get(0);
    assertThat(newest.get("export_id").stringValue()).isEqualTo(exports.get(4));
    assertThat(newest.get("status").stringValue()).isEqualTo("completed");
    assertThat(newest.get("record_counts").get("inc_events").longValue())
        .isEqualTo(runs.get(4).size());
    assertThat(newest.get("visibility").get("after_snapshot").isNull()).isFalse();
    assertThat(listed.get("items").get(4).get("visibility").get("after").isNull()).isTrue();
    // and each export names its schedule, in status and manifest
    JsonNode status = system.parse(system.get("/" + exports.get(2) + "/status"));
    assertThat(status.get("schedule_id").stringValue()).isEqualTo(id);
    assertThat(status.get("schedule_run").get("trigger").stringValue()).isEqualTo("manual");
    JsonNode manifest =
        Records.readJson(
            system.fetch(
                system
                    .parse(system.get("/download/" + exports.get(2)))
                    .get("manifest_url")
                    .stringValue()));
    assertThat(manifest.get("schedule").get("schedule_id").stringValue()).isEqualTo(id);
    assertThat(manifest.get("schedule").get("visibility").get("after_snapshot").stringValue())
        .isNotBlank();
  }

  @Test
  void a_second_run_now_of_an_incremental_schedule_waits_for_the_first_to_finish()
      throws Exception {
    JsonNode schedule =
        createSchedule(
            """
            {"name": "overlap-%s", "cron": "0 0 1 1 *", "mode": "incremental",
             "export": {"data_types": ["big_events"], "output_format": "csv"}}
            """
                .formatted(UUID.randomUUID()));
    String id = schedule.get("schedule_id").stringValue();
    String first = runNow(id);
    var second = system.post("/api/v1/schedules/" + id + "/run", "");
    assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
    assertThat(second.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    system.post("/" + first + "/cancel", "");
  }

  @Test
  void both_workers_firing_make_one_export_per_fire_time() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(
          createSchedule(
                  """
                  {"name": "minutely-%s", "cron": "* * * * *", "mode": "window", "window": "PT1M",
                   "export": {"data_types": ["logs"], "output_format": "jsonl"}}
                  """
                      .formatted(UUID.randomUUID()))
              .get("schedule_id")
              .stringValue());
    }
    // due now: both workers' tickers race for them
    sql(
        "UPDATE exporter.schedules SET next_fire_at = date_trunc('second', now())"
            + " WHERE id IN ("
            + String.join(",", ids.stream().map(i -> "'" + i + "'").toList())
            + ")");
    Thread.sleep(3000);
    // paused first, so that no minute boundary adds runs while they are checked
    for (String id : ids) {
      system.post("/api/v1/schedules/" + id + "/pause", "");
    }
    for (String id : ids) {
      JsonNode runs = runsWithExports(id);
      List<String> fireTimes = new ArrayList<>();
      runs.get("items").forEach(r -> fireTimes.add(r.get("fire_time").stringValue()));
      assertThat(fireTimes).isNotEmpty().doesNotHaveDuplicates();
      for (JsonNode run : runs.get("items")) {
        assertThat(run.get("trigger").stringValue()).isEqualTo("cron");
        String export = run.get("export_id").stringValue();
        assertThat(system.awaitFinished(export, Duration.ofSeconds(60)).get("status").stringValue())
            .isEqualTo("completed");
      }
    }
    // one export per run: no export of these schedules is without its run
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM exporter.schedule_runs r"
                    + " WHERE r.export_id = j.id)), count(*) FROM exporter.export_jobs j"
                    + " WHERE j.schedule_id IN ("
                    + String.join(",", ids.stream().map(i -> "'" + i + "'").toList())
                    + ")")) {
      rs.next();
      assertThat(rs.getLong(1)).isZero();
      assertThat(rs.getLong(2)).isGreaterThanOrEqualTo(ids.size());
    }
  }

  @Test
  void after_downtime_run_once_runs_the_latest_missed_window_once() throws Exception {
    String id =
        createSchedule(
                """
                {"name": "misfire-%s", "cron": "7 3 * * *", "mode": "window", "window": "P1D",
                 "lag": "PT1H", "export": {"data_types": ["logs"], "output_format": "csv"}}
                """
                    .formatted(UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    // as if every process had been down for three days
    sql(
        "UPDATE exporter.schedules SET next_fire_at = date_trunc('day', now()) - interval '3 days'"
            + " + interval '3 hours 7 minutes' WHERE id = '"
            + id
            + "'");
    Thread.sleep(2000);
    Instant now = Instant.now();
    Instant today = now.truncatedTo(java.time.temporal.ChronoUnit.DAYS).plusSeconds(3 * 3600 + 420);
    Instant latest = today.isAfter(now) ? today.minus(Duration.ofDays(1)) : today;
    JsonNode runs = system.parse(system.get("/api/v1/schedules/" + id + "/runs"));
    assertThat(runs.get("total").longValue()).as(runs.toString()).isEqualTo(1);
    JsonNode run = runs.get("items").get(0);
    assertThat(Instant.parse(run.get("fire_time").stringValue())).isEqualTo(latest);
    assertThat(Instant.parse(run.get("window").get("end").stringValue()))
        .isEqualTo(latest.minus(Duration.ofHours(1)));
    assertThat(Instant.parse(run.get("window").get("start").stringValue()))
        .isEqualTo(latest.minus(Duration.ofHours(25)));
    JsonNode schedule = system.parse(system.get("/api/v1/schedules/" + id));
    assertThat(Instant.parse(schedule.get("next_run_at").stringValue())).isAfter(now);
    assertThat(
            system
                .awaitFinished(run.get("export_id").stringValue(), Duration.ofSeconds(60))
                .get("status")
                .stringValue())
        .isEqualTo("completed");
    system.post("/api/v1/schedules/" + id + "/pause", "");
  }

  @Test
  void a_schedule_run_announces_its_end_to_the_schedule_webhook_with_a_valid_signature()
      throws Exception {
    java.util.concurrent.BlockingQueue<String[]> deliveries =
        new java.util.concurrent.LinkedBlockingQueue<>();
    var receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          deliveries.add(
              new String[] {
                new String(body, StandardCharsets.UTF_8),
                exchange.getRequestHeaders().getFirst("X-Exporter-Signature"),
                exchange.getRequestHeaders().getFirst("X-Exporter-Event")
              });
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try {
      String id =
          createSchedule(
                  """
                  {"name": "hooked-%s", "cron": "0 0 1 1 *", "mode": "window", "window": "PT1H",
                   "webhook": {"url": "http://127.0.0.1:%d/hook", "secret": "schedule-secret"},
                   "export": {"data_types": ["logs"], "output_format": "jsonl"}}
                  """
                      .formatted(UUID.randomUUID(), receiver.getAddress().getPort()))
              .get("schedule_id")
              .stringValue();
      String exportId = runNow(id);
      system.awaitFinished(exportId, Duration.ofSeconds(60));
      String[] delivery = deliveries.poll(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(delivery).as("a delivery arrived").isNotNull();
      JsonNode payload = Records.readJson(delivery[0].getBytes(StandardCharsets.UTF_8));
      assertThat(payload.get("export_id").stringValue()).isEqualTo(exportId);
      assertThat(payload.get("schedule_id").stringValue()).isEqualTo(id);
      assertThat(payload.get("status").stringValue()).isEqualTo("completed");
      assertThat(delivery[2]).isEqualTo(payload.get("event").stringValue());
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              "schedule-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(delivery[1])
          .isEqualTo(
              "sha256="
                  + java.util.HexFormat.of()
                      .formatHex(mac.doFinal(delivery[0].getBytes(StandardCharsets.UTF_8))));
      // the secret is never shown
      JsonNode shown = system.parse(system.get("/api/v1/schedules/" + id));
      assertThat(shown.get("webhook").get("secret_set").booleanValue()).isTrue();
      assertThat(shown.toString()).doesNotContain("schedule-secret");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void backfill_exports_each_window_once_and_never_more_than_two_at_a_time() throws Exception {
    String id =
        createSchedule(
                """
                {"name": "backfill-%s", "cron": "0 * * * *", "mode": "window", "window": "PT1H",
                 "enabled": false,
                 "export": {"data_types": ["logs"], "output_format": "jsonl"}}
                """
                    .formatted(UUID.randomUUID()))
            .get("schedule_id")
            .stringValue();
    var response =
        system.post(
            "/api/v1/schedules/" + id + "/backfill",
            "{\"start_date\": \"2024-01-01T00:00:00Z\", \"end_date\": \"2024-01-01T06:00:00Z\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(system.parse(response).get("runs").intValue()).isEqualTo(6);
    int mostAtOnce = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      JsonNode runs = system.parse(system.get("/api/v1/schedules/" + id + "/runs?limit=100"));
      int unfinished = 0;
      int completed = 0;
      for (JsonNode run : runs.get("items")) {
        String s = run.get("status").stringValue();
        if (List.of("pending", "running", "finalizing").contains(s)) {
          unfinished++;
        }
        if (s.equals("completed")) {
          completed++;
        }
      }
      mostAtOnce = Math.max(mostAtOnce, unfinished);
      if (completed == 6) {
        break;
      }
      assertThat(System.nanoTime()).as("backfill finished in time").isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(mostAtOnce).isBetween(1, 2);
    JsonNode runs = system.parse(system.get("/api/v1/schedules/" + id + "/runs?limit=100"));
    Set<String> windows = new HashSet<>();
    runs.get("items").forEach(r -> windows.add(r.get("window").get("start").stringValue()));
    assertThat(windows)
        .containsExactlyInAnyOrder(
            "2024-01-01T00:00:00Z",
            "2024-01-01T01:00:00Z",
            "2024-01-01T02:00:00Z",
            "2024-01-01T03:00:00Z",
            "2024-01-01T04:00:00Z",
            "2024-01-01T05:00:00Z");
    // the same range again adds nothing: every window is covered
    var again =
        system.post(
            "/api/v1/schedules/" + id + "/backfill",
            "{\"start_date\": \"2024-01-01T00:00:00Z\", \"end_date\": \"2024-01-01T06:00:00Z\"}");
    assertThat(system.parse(again).get("runs").intValue()).isZero();
  }
}
