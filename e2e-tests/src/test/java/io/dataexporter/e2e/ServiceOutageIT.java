package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Services failing during an export: Redis flushed, PostgreSQL connections killed mid-stream, the
 * object store away for seconds, RabbitMQ restarted. Each export still ends with exactly the
 * database's rows (fixture table big_events, ids 1..200000).
 */
class ServiceOutageIT {
  private static final int ROWS = 200_000;
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  private static String startExport() throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"big_events\"], \"output_format\": \"jsonl\", \"compression\": true}");
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (system.parse(system.get("/" + id + "/progress")).get("shards_completed").intValue()
        < 3) {
      assertThat(System.nanoTime()).as("export started").isLessThan(deadline);
      Thread.sleep(50);
    }
    return id;
  }

  private static void assertCompleteAndExact(String id) throws Exception {
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(3));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    String url =
        system.parse(system.get("/download/" + id)).get("files").get(0).get("url").stringValue();
    long expected = 1;
    try (var in = new GZIPInputStream(new ByteArrayInputStream(system.fetch(url)))) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode record = Records.readJson(line.getBytes(StandardCharsets.UTF_8));
        assertThat(record.has("id")).as("record %d: %s", expected, line).isTrue();
        assertThat(record.get("id").longValue()).isEqualTo(expected++);
      }
    }
    assertThat(expected - 1).isEqualTo(ROWS);
    JsonNode progress = system.parse(system.get("/" + id + "/progress"));
    assertThat(progress.get("records_exported").longValue()).isEqualTo(ROWS);
    assertThat(progress.get("percent").longValue()).isEqualTo(100);
  }

  @Test
  void flushing_redis_mid_export_costs_only_live_counters() throws Exception {
    String id = startExport();
    system
        .workers
        .get(0)
        .getBean(StringRedisTemplate.class)
        .execute(
            c -> {
              c.serverCommands().flushAll();
              return null;
            },
            true);
    assertCompleteAndExact(id);
  }

  /**
   * Stops and starts the local PostgreSQL server (not only its backends) mid-export: every
   * connection, the snapshot holders' included, is lost; the export is planned again at a new
   * moment and completes with every row once.
   */
  @Test
  void a_postgres_restart_mid_export_loses_and_doubles_nothing() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        system.services.isLocal() && new java.io.File("/usr/bin/pg_ctlcluster").exists(),
        "needs the local PostgreSQL cluster and pg_ctlcluster");
    String[] clusters = new java.io.File("/etc/postgresql").list();
    org.junit.jupiter.api.Assumptions.assumeTrue(clusters != null && clusters.length == 1);
    String id = startExport();
    Process restart =
        new ProcessBuilder(
                "pg_ctlcluster", "--skip-systemctl-redirect", clusters[0], "main", "restart")
            .redirectErrorStream(true)
            .start();
    String output = new String(restart.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(restart.waitFor()).as("pg_ctlcluster restart: " + output).isZero();
    assertCompleteAndExact(id);
  }

  @Test
  void postgres_connections_killed_mid_stream_are_retried() throws Exception {
    String id = startExport();
    int killed = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      while (killed == 0 && System.nanoTime() < deadline) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'SELECT \"id\", \"at\"%'")) {
          rs.next();
          killed = rs.getInt(1);
        }
      }
    }
    assertThat(killed).as("a streaming query was killed").isPositive();
    assertCompleteAndExact(id);
  }

  @Test
  void an_object_store_outage_of_a_few_seconds_is_ridden_out() throws Exception {
    String id = startExport();
    system.services.s3().outage(Duration.ofSeconds(3));
    assertCompleteAndExact(id);
  }

  @Test
  void a_rabbitmq_restart_mid_export_is_ridden_out() throws Exception {
    assumeTrue(
        system.services.isLocal(), "restarts the local broker; containers are not restarted");
    String id = startExport();
    Process stop = new ProcessBuilder("rabbitmqctl", "stop_app").redirectErrorStream(true).start();
    assertThat(stop.waitFor()).isZero();
    try {
      Thread.sleep(2000);
    } finally {
      Process start =
          new ProcessBuilder("rabbitmqctl", "start_app").redirectErrorStream(true).start();
      assertThat(start.waitFor()).isZero();
    }
    assertCompleteAndExact(id);
  }
}
