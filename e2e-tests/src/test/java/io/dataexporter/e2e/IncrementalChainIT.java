package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.worker.planning.PlanExport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A chain of incremental exports, linked as a schedule's run start links them (each starts after
 * its predecessor's snapshot: {@code after_xmin} = that snapshot's xmin, {@code after_xids} = its
 * visible set), while other connections write: every row version lands in exactly one run, and the
 * runs together hold the table. Writers include a transaction that begins before a run's snapshot
 * and commits after it, rows written in a subtransaction of such a transaction, updates of rows
 * already exported, rows with old timestamps, and a writer that never stops until the last run. CSV
 * runs are read by COPY, JSON Lines runs through the cursor.
 */
class IncrementalChainIT {
  private static final int ROWS = 3000;
  private static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    sql(
        "DROP TABLE IF EXISTS public.inc_events",
        "CREATE TABLE public.inc_events (id bigserial PRIMARY KEY, at timestamptz NOT NULL, payload text NOT NULL)",
        "INSERT INTO public.inc_events (at, payload) SELECT timestamptz '2024-06-01 00:00:00+00' + g * interval '1 second', 'v1' FROM generate_series(1, "
            + ROWS
            + ") g",
        "CREATE INDEX ON public.inc_events (at, id)");
    // planning is run by hand, after the run's incremental columns are set
    system.consumers("export-requests", false);
  }

  @AfterAll
  static void resume() {
    system.shardConsumers(true);
    system.consumers("export-requests", true);
  }

  @Test
  void a_chain_of_incremental_runs_exports_every_row_version_exactly_once() throws Exception {
    List<Map<Long, String>> runs = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    Writer writer = new Writer();
    writer.start();
    try (Connection early = system.services.connect();
        Connection withSavepoint = system.services.connect()) {
      // run 1: the chain's first run, every row (COPY)
      String run1 = plan(null, "csv");
      duringRun(
          "INSERT INTO public.inc_events (at, payload) VALUES ('2010-01-01 00:00:00+00', 'old-during-1')");
      runs.add(finish(run1));
      ids.add(run1);
      assertThat(runs.get(0)).hasSizeGreaterThanOrEqualTo(ROWS).containsEntry(5L, "v1");

      // between runs: an update of an exported row, an old row; a transaction begins
      sql(
          "UPDATE public.inc_events SET payload = 'v2' WHERE id = 5",
          "INSERT INTO public.inc_events (at, payload) VALUES ('2011-01-01 00:00:00+00', 'old-between-1-2')");
      early.setAutoCommit(false);
      try (Statement s = early.createStatement()) {
        s.execute(
            "INSERT INTO public.inc_events (at, payload) VALUES ('2024-06-01 00:00:10+00', 'began-before-2')");
      }

      // run 2 (cursor): the transaction begun before it commits after its snapshot
      String run2 = plan(run1, "jsonl");
      early.commit();
      duringRun(
          "INSERT INTO public.inc_events (at, payload) VALUES ('2012-01-01 00:00:00+00', 'old-during-2')");
      runs.add(finish(run2));
      ids.add(run2);

      // between runs: many rows (run 3 has several shards), and a transaction holding a
      // subtransaction's row, open across run 3's snapshot
      sql(
          "INSERT INTO public.inc_events (at, payload) SELECT timestamptz '2013-01-01 00:00:00+00' + g * interval '1 hour', 'bulk-' || g FROM generate_series(1, 6000) g");
      withSavepoint.setAutoCommit(false);
      try (Statement s = withSavepoint.createStatement()) {
        s.execute(
            "INSERT INTO public.inc_events (at, payload) VALUES ('2024-06-01 00:00:20+00', 'parent-3')");
        s.execute("SAVEPOINT kept");
        s.execute(
            "INSERT INTO public.inc_events (at, payload) VALUES ('2014-01-01 00:00:00+00', 'savepoint-3')");
        s.execute("RELEASE SAVEPOINT kept");
        s.execute("SAVEPOINT dropped");
        s.execute(
            "INSERT INTO public.inc_events (at, payload) VALUES ('2014-01-01 00:00:00+00', 'rolled-back-3')");
        s.execute("ROLLBACK TO SAVEPOINT dropped");
      }
      // a later transaction commits, so the subtransaction's id is below the snapshot's xmax
      sql(
          "INSERT INTO public.inc_events (at, payload) VALUES ('2024-06-01 00:00:30+00', 'after-savepoint')");

      // run 3 (COPY, several shards)
      String run3 = plan(run2, "csv");
      withSavepoint.commit();
      duringRun(
          "UPDATE public.inc_events SET payload = 'v2' WHERE id = 6",
          "UPDATE public.inc_events SET payload = 'v3' WHERE id = 5",
          "INSERT INTO public.inc_events (at, payload) VALUES ('2015-01-01 00:00:00+00', 'old-during-3')");
      runs.add(finish(run3));
      ids.add(run3);
      // the case the visible set exists for: the snapshot's xid list does not name
      // subtransactions, so pg_visible_in_snapshot calls the row visible at run 3
      assertThat(
              query(
                  // (the server's transaction ids are in their first epoch: xmin is its xid8)
                  "SELECT pg_visible_in_snapshot(e.xmin::text::xid8, j.snapshot_xids::pg_snapshot)::text"
                      + " FROM public.inc_events e, exporter.export_jobs j"
                      + " WHERE payload = 'savepoint-3' AND j.id = '"
                      + run3
                      + "'"))
          .as("the savepoint's row counts as visible at run 3 by the snapshot's xid list")
          .isEqualTo("true");

      // run 4 (cursor), run 5 (COPY) after every writer stopped
      String run4 = plan(run3, "jsonl");
      duringRun(
          "INSERT INTO public.inc_events (at, payload) VALUES ('2016-01-01 00:00:00+00', 'old-during-4')");
      runs.add(finish(run4));
      ids.add(run4);
      writer.stop();
      String run5 = plan(run4, "csv");
      runs.add(finish(run5));
      ids.add(run5);
    } finally {
      writer.stop();
    }

    // every row version in exactly one run
    Map<String, List<Integer>> where = new HashMap<>();
    for (int run = 0; run < runs.size(); run++) {
      for (Map.Entry<Long, String> row : runs.get(run).entrySet()) {
        where
            .computeIfAbsent(row.getKey() + "=" + row.getValue(), k -> new ArrayList<>())
            .add(run + 1);
      }
    }
    assertThat(where.entrySet().stream().filter(e -> e.getValue().size() > 1).toList())
        .as("row versions exported twice")
        .isEmpty();
    Set<String> expectedVersions = new HashSet<>(List.of("5=v1", "5=v2", "6=v1"));
    current().forEach((id, payload) -> expectedVersions.add(id + "=" + payload));
    assertThat(where.keySet())
        .as("the runs together hold every row version")
        .containsExactlyInAnyOrderElementsOf(expectedVersions);
    // each where it belongs
    assertThat(where.get("5=v1")).containsExactly(1);
    assertThat(where.get("5=v2")).containsExactly(2);
    assertThat(where.get("5=v3")).containsExactly(4);
    assertThat(where.get("6=v1")).containsExactly(1);
    assertThat(where.get("6=v2")).containsExactly(4);
    assertThat(runWith(runs, "old-during-1")).isEqualTo(2);
    assertThat(runWith(runs, "old-between-1-2")).isEqualTo(2);
    assertThat(runWith(runs, "began-before-2")).isEqualTo(3);
    assertThat(runWith(runs, "old-during-2")).isEqualTo(3);
    assertThat(runWith(runs, "bulk-1")).isEqualTo(3);
    assertThat(runWith(runs, "after-savepoint")).isEqualTo(3);
    assertThat(runWith(runs, "parent-3")).isEqualTo(4);
    assertThat(runWith(runs, "savepoint-3")).isEqualTo(4);
    assertThat(runWith(runs, "old-during-3")).isEqualTo(4);
    assertThat(runWith(runs, "old-during-4")).isEqualTo(5);
    assertThat(runWith(runs, "rolled-back-3")).isZero();
    assertThat(writer.written.get()).as("rows the writer added meanwhile").isGreaterThan(20);
    assertThat(writer.failure.get()).isNull();

    // planning counts only the run's rows: run 3 (some 6000 new rows) is cut in shards, run 4 not
    assertThat(manifest(ids.get(2)).get("shards").size()).isGreaterThan(1);
    assertThat(manifest(ids.get(3)).get("shards").size()).isEqualTo(1);
    assertThat(
            system.workerCount("exporter.shard.paths", "data_type", "inc_events", "path", "copy"))
        .as("CSV runs read by COPY")
        .isGreaterThanOrEqualTo(3);
    assertThat(
            system.workerCount(
                "exporter.shard.paths", "data_type", "inc_events", "path", "general"))
        .as("JSON Lines runs read through the cursor")
        .isGreaterThanOrEqualTo(2);

    JsonNode first = manifest(ids.get(0)).get("visibility");
    assertThat(first.get("after_xmin").isNull()).isTrue();
    JsonNode second = manifest(ids.get(1)).get("visibility");
    assertThat(second.get("after_xmin").longValue())
        .isEqualTo(
            Long.parseLong(
                manifest(ids.get(0))
                    .get("visibility")
                    .get("snapshot")
                    .stringValue()
                    .split(":")[0]));
    assertThat(second.get("snapshot").stringValue())
        .isEqualTo(manifest(ids.get(1)).get("snapshot").get("transaction_snapshot").stringValue());
  }

  @Test
  void a_run_planned_again_after_losing_its_snapshot_stores_the_new_snapshots_visible_set()
      throws Exception {
    String first;
    Map<Long, String> a;
    try (Connection longRunning = system.services.connect()) {
      // open across both snapshots of the first run: its xmin stays below what commits between
      longRunning.setAutoCommit(false);
      try (Statement s = longRunning.createStatement()) {
        s.execute(
            "INSERT INTO public.inc_events (at, payload) VALUES ('2017-01-01 00:00:00+00', 'long-running')");
      }
      first = plan(null, "csv");
      int killed =
          Integer.parseInt(
              query(
                  "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                      + " WHERE application_name = 'exporter-snapshot-holder'"));
      assertThat(killed).as("holders killed").isPositive();
      system.shardConsumers(true);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!query("SELECT plan_epoch FROM exporter.export_jobs WHERE id = '" + first + "'")
          .equals("1")) {
        assertThat(System.nanoTime()).as("planned again").isLessThan(deadline);
        Thread.sleep(50);
      }
      // committed between the lost snapshot and the new one, by a transaction above the xmin
      sql(
          "INSERT INTO public.inc_events (at, payload) VALUES ('2018-01-01 00:00:00+00', 'between-snapshots')");
      system.shardConsumers(false);
      system.workers.get(1).getBean(PlanExport.class).run(UUID.fromString(first));
      a = finish(first);
      longRunning.commit();
    }
    assertThat(manifest(first).get("snapshot").get("plan").intValue()).isEqualTo(1);
    assertThat(a).containsValue("between-snapshots").doesNotContainValue("long-running");
    Map<Long, String> b = finish(plan(first, "jsonl"));

    assertThat(b).containsValue("long-running").doesNotContainValue("between-snapshots");
    assertThat(b.keySet()).as("exported by both runs").doesNotContainAnyElementsOf(a.keySet());
    Map<Long, String> union = new HashMap<>(a);
    union.putAll(b);
    assertThat(union).isEqualTo(current());
  }

  /** The run (1-based) that holds the row with this payload; 0 when none does. */
  private static int runWith(List<Map<Long, String>> runs, String payload) {
    List<Integer> found = new ArrayList<>();
    for (int run = 0; run < runs.size(); run++) {
      if (runs.get(run).containsValue(payload)) {
        found.add(run + 1);
      }
    }
    assertThat(found).as(payload).hasSizeLessThanOrEqualTo(1);
    return found.isEmpty() ? 0 : found.get(0);
  }

  /**
   * Creates an export, makes it incremental and starts it after {@code previous} (null: the first
   * of the chain), as a schedule's run start does, then plans it with shard consumers stopped.
   */
  private static String plan(String previous, String format) throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"inc_events\"], \"output_format\": \""
                + format
                + "\", \"batch_size\": 100}");
    try (Connection c = system.services.connect()) {
      if (previous == null) {
        update(c, "UPDATE exporter.export_jobs SET incremental = true WHERE id = ?::uuid", id);
      } else {
        update(
            c,
            """
            UPDATE exporter.export_jobs n
               SET incremental = true,
                   after_xmin = pg_snapshot_xmin(p.snapshot_xids::pg_snapshot)::text::bigint,
                   after_xids = p.visible_xids
              FROM exporter.export_jobs p
             WHERE n.id = ?::uuid AND p.id = ?::uuid AND p.visible_xids IS NOT NULL
            """,
            id,
            previous);
      }
    }
    system.shardConsumers(false);
    system.workers.get(0).getBean(PlanExport.class).run(UUID.fromString(id));
    assertThat(shards(id)).as("planned").isPositive();
    return id;
  }

  private static void update(Connection c, String sql, String... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      assertThat(ps.executeUpdate()).as(sql).isEqualTo(1);
    }
  }

  /** Changes made after the run's snapshot, before its shards read. */
  private static void duringRun(String... statements) throws Exception {
    sql(statements);
  }

  /** Lets the shards run; id → payload of the finished export's file. */
  private static Map<Long, String> finish(String id) throws Exception {
    system.shardConsumers(true);
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode file = system.parse(system.get("/download/" + id)).get("files").get(0);
    byte[] content = system.fetch(file.get("url").stringValue());
    Records.Columns columns =
        new Records.Columns(
            List.of("id", "at", "payload"),
            List.of(Records.Kind.LONG, Records.Kind.TIMESTAMP, Records.Kind.TEXT));
    List<Map<String, String>> rows =
        file.get("name").stringValue().endsWith(".csv")
            ? Records.fromCsv(content, columns)
            : Records.fromJsonLines(content, columns);
    Map<Long, String> byId = new LinkedHashMap<>();
    for (Map<String, String> row : rows) {
      assertThat(byId.put(Long.parseLong(row.get("id")), row.get("payload")))
          .as("id %s twice in one run", row.get("id"))
          .isNull();
    }
    return byId;
  }

  /** Shards of a planned export (from its progress). */
  private static int shards(String id) throws Exception {
    return system.parse(system.get("/" + id + "/progress")).get("shards").size();
  }

  private static JsonNode manifest(String id) throws Exception {
    return Records.readJson(
        system.getStore().get(ObjectKeys.manifest(UUID.fromString(id))).readAllBytes());
  }

  private static Map<Long, String> current() throws Exception {
    Map<Long, String> rows = new LinkedHashMap<>();
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, payload FROM public.inc_events")) {
      while (rs.next()) {
        rows.put(rs.getLong(1), rs.getString(2));
      }
    }
    return rows;
  }

  private static String query(String sql) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private static void sql(String... statements) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  /**
   * Inserts rows all along, old and new timestamps alike, some two per transaction with a pause
   * between (so that snapshots fall inside it), some in a subtransaction.
   */
  private static final class Writer implements Runnable {
    final java.util.concurrent.atomic.AtomicLong written =
        new java.util.concurrent.atomic.AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    void start() {
      thread = new Thread(this, "incremental-writer");
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    @Override
    public void run() {
      try (Connection c = system.services.connect();
          PreparedStatement insert =
              c.prepareStatement(
                  "INSERT INTO public.inc_events (at, payload) VALUES (?::timestamptz, ?)")) {
        for (long n = 0; running.get(); n++) {
          boolean pair = n % 3 == 0;
          c.setAutoCommit(!pair);
          insert(insert, n, "a");
          if (pair) {
            Thread.sleep(25);
            try (Statement s = c.createStatement()) {
              s.execute("SAVEPOINT w");
              insert(insert, n, "b");
              s.execute("RELEASE SAVEPOINT w");
            }
            c.commit();
          }
          Thread.sleep(5);
        }
      } catch (Throwable e) {
        failure.set(e);
      }
    }

    private void insert(PreparedStatement insert, long n, String part) throws Exception {
      insert.setString(1, n % 2 == 0 ? "2009-03-01 00:00:00+00" : "2024-07-01 00:00:00+00");
      insert.setString(2, "writer-" + n + part);
      insert.executeUpdate();
      written.incrementAndGet();
    }
  }
}
