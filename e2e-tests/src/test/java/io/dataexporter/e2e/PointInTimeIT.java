package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every export is the data visible at one moment: changes committed after planning (inserts,
 * updates, deletes, and inserts whose transaction began before planning) never show, even in shards
 * that run after them; a lost snapshot starts the export over at a new moment, never mixing two.
 * Shard consumers are held back between planning and reading, so the changes surely come first.
 */
class PointInTimeIT {
  private static final int ROWS = 3000;
  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @BeforeEach
  void fill() throws Exception {
    sql(
        "DROP TABLE IF EXISTS public.pit_events",
        "CREATE TABLE public.pit_events (id bigserial PRIMARY KEY, at timestamptz NOT NULL, payload text NOT NULL)",
        "INSERT INTO public.pit_events (at, payload) SELECT timestamptz '2024-05-01 00:00:00+00' + g * interval '1 second', 'v1' FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE INDEX ON public.pit_events (at, id)");
  }

  @AfterEach
  void resume() {
    system.shardConsumers(true);
  }

  private static void sql(String... statements) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /** id → payload of the export's JSON Lines file. */
  private static Map<Long, String> exported(String id) throws Exception {
    JsonNode file = system.parse(system.get("/download/" + id)).get("files").get(0);
    Map<Long, String> rows = new LinkedHashMap<>();
    String text = new String(system.fetch(file.get("url").stringValue()), StandardCharsets.UTF_8);
    for (String line : text.split("\n")) {
      JsonNode record = Records.readJson(line.getBytes(StandardCharsets.UTF_8));
      rows.put(record.get("id").longValue(), record.get("payload").stringValue());
    }
    return rows;
  }

  /** id → payload as the database holds it now. */
  private static Map<Long, String> current() throws Exception {
    Map<Long, String> rows = new LinkedHashMap<>();
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id, payload FROM public.pit_events ORDER BY at, id")) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getString(2));
      }
    }
    return rows;
  }

  /** Submits with shard consumers stopped and waits until the plan (and its snapshot) is stored. */
  private static String submitAndAwaitPlan() throws Exception {
    system.shardConsumers(false);
    String id =
        system.submit(
            "{\"data_types\": [\"pit_events\"], \"output_format\": \"jsonl\", \"batch_size\": 100}");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (system.parse(system.get("/" + id + "/progress")).get("shards").isEmpty()) {
      assertThat(System.nanoTime()).as("the export is planned").isLessThan(deadline);
      Thread.sleep(50);
    }
    return id;
  }

  private static JsonNode manifest(String id) throws Exception {
    return Records.readJson(
        system.getStore().get(ObjectKeys.manifest(UUID.fromString(id))).readAllBytes());
  }

  @Test
  void changes_committed_after_planning_never_appear_even_in_shards_that_run_later()
      throws Exception {
    try (Connection early = system.services.connect();
        Statement late = early.createStatement()) {
      // a transaction that begins (and takes an id) before planning but commits after it
      early.setAutoCommit(false);
      late.execute(
          "INSERT INTO public.pit_events (at, payload) VALUES ('2024-05-01 00:10:00+00', 'began-before')");
      // and one committed before planning, with a higher id
      sql(
          "INSERT INTO public.pit_events (at, payload) VALUES ('2024-05-01 00:20:00+00', 'committed-before')");
      Instant submitted = Instant.now();
      String id = submitAndAwaitPlan();
      Map<Long, String> atPlanning = current();
      early.commit();
      sql(
          "UPDATE public.pit_events SET payload = 'v2' WHERE id = 5",
          "DELETE FROM public.pit_events WHERE id = 7",
          "INSERT INTO public.pit_events (at, payload) VALUES ('2024-05-01 00:00:30+00', 'after')");
      system.shardConsumers(true);

      JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
      assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
      Map<Long, String> exported = exported(id);
      assertThat(exported).as("exactly the rows as they were at planning").isEqualTo(atPlanning);
      assertThat(exported.get(5L)).isEqualTo("v1");
      assertThat(exported)
          .containsKey(7L)
          .doesNotContainValue("began-before")
          .doesNotContainValue("after");
      assertThat(exported).containsValue("committed-before");
      JsonNode snapshot = manifest(id).get("snapshot");
      assertThat(snapshot.get("consistency").stringValue()).isEqualTo("snapshot");
      assertThat(Instant.parse(snapshot.get("taken_at").stringValue()))
          .isAfterOrEqualTo(submitted.minusSeconds(1))
          .isBefore(Instant.now());
      assertThat(snapshot.get("transaction_snapshot").stringValue()).matches("\\d+:\\d+:.*");
    }
  }

  @Test
  void an_export_whose_snapshot_holders_all_die_starts_over_at_one_new_moment() throws Exception {
    String id = submitAndAwaitPlan();
    sql("UPDATE public.pit_events SET payload = 'v3' WHERE id <= 10");
    int killed;
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = 'exporter-snapshot-holder'")) {
      rs.next();
      killed = rs.getInt(1);
    }
    assertThat(killed).as("holders killed").isPositive();
    system.shardConsumers(true);

    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    assertThat(exported(id)).as("all rows of the new moment").isEqualTo(current());
    assertThat(manifest(id).get("snapshot").get("plan").intValue())
        .as("planned again")
        .isPositive();
    ObjectStore store = system.getStore();
    assertThat(store.list(ObjectKeys.partsPrefix(UUID.fromString(id)))).isEmpty();
  }
}
