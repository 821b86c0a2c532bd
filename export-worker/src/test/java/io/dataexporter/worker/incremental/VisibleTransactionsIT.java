package io.dataexporter.worker.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.VisibleAfter;
import io.dataexporter.testsupport.TestServices;
import io.dataexporter.worker.snapshot.HeldSnapshot;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The widening as PostgreSQL evaluates it, and the visible set a snapshot's rows give. */
class VisibleTransactionsIT {
  private static final long EPOCH = 1L << 32;
  private static final Dataset EVENTS =
      new Dataset("vt", "public.vt_events", "id", "at", null, List.of("id", "at", "payload"));
  private static TestServices services;

  @BeforeAll
  static void create() throws Exception {
    services = TestServices.get();
    try (Connection c = services.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS public.vt_events");
      s.execute(
          "CREATE TABLE public.vt_events (id bigserial PRIMARY KEY, at timestamptz, payload text)");
    }
  }

  @Test
  void the_sql_widening_agrees_with_the_java_one_around_epoch_boundaries() throws Exception {
    long[] references = {1_000, 5 * EPOCH + 100, 3 * EPOCH, 3 * EPOCH + 1};
    long[] raws = {0, 1, 2, 99, 100, 101, 999, 1_000, 1_001, EPOCH - 1};
    try (Connection c = services.connect()) {
      for (long reference : references) {
        String sql =
            "SELECT "
                + VisibleAfter.widened("r.raw", reference)
                + " FROM (VALUES (?::bigint)) r(raw)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          for (long raw : raws) {
            ps.setLong(1, raw);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              assertThat(rs.getLong(1))
                  .as("raw %d against %d", raw, reference)
                  .isEqualTo(VisibleAfter.widen(raw, reference));
            }
          }
        }
      }
    }
  }

  @Test
  void the_visible_set_holds_committed_transactions_and_subtransactions_but_not_open_ones()
      throws Exception {
    try (Connection open = services.connect();
        Connection committed = services.connect();
        Statement o = open.createStatement();
        Statement s = committed.createStatement()) {
      open.setAutoCommit(false);
      o.execute("INSERT INTO public.vt_events (at, payload) VALUES (now(), 'open')");
      committed.setAutoCommit(false);
      s.execute("INSERT INTO public.vt_events (at, payload) VALUES (now(), 'parent')");
      s.execute("SAVEPOINT sub");
      s.execute("INSERT INTO public.vt_events (at, payload) VALUES (now(), 'sub')");
      s.execute("RELEASE SAVEPOINT sub");
      committed.commit();
      committed.setAutoCommit(true);
      s.execute("INSERT INTO public.vt_events (at, payload) VALUES (now(), 'plain')");

      List<Long> visible;
      List<Long> withParentRunning;
      long xmin;
      long xmax;
      try (HeldSnapshot snapshot =
          HeldSnapshot.take(
              DriverManager.getConnection(services.jdbcUrl(), "postgres", ""),
              UUID.randomUUID(),
              0)) {
        String[] cut = snapshot.xids().split(":");
        xmin = Long.parseLong(cut[0]);
        xmax = Long.parseLong(cut[1]);
        Jdbi jdbi = Jdbi.create(services.jdbcUrl(), "postgres", "");
        VisibleTransactions transactions = new VisibleTransactions(jdbi);
        java.util.Set<Long> running = VisibleTransactions.running(snapshot.xids());
        visible = transactions.find(List.of(EVENTS), List.of(snapshot.name()), xmin, xmax, running);
        // an id the snapshot lists as running never counts as visible, whatever row carries it
        long parentId = xminOf("parent", xmax);
        java.util.Set<Long> plusParent = new java.util.HashSet<>(running);
        plusParent.add(parentId);
        withParentRunning =
            transactions.find(List.of(EVENTS), List.of(snapshot.name()), xmin, xmax, plusParent);
        assertThat(running).contains(xminOfUncommitted(o));
      }
      open.commit();

      long parent = xminOf("parent", xmax);
      long sub = xminOf("sub", xmax);
      long plain = xminOf("plain", xmax);
      long opened = xminOf("open", xmax);
      assertThat(sub).as("the savepoint's row has an id of its own").isNotEqualTo(parent);
      assertThat(opened)
          .as("the open transaction is in the snapshot's range")
          .isBetween(xmin, xmax);
      assertThat(visible).containsExactly(parent, sub, plain);
      assertThat(withParentRunning).containsExactly(sub, plain);
    }
  }

  /** The id of the transaction open on {@code statement}'s connection. */
  private static long xminOfUncommitted(java.sql.Statement statement) throws Exception {
    try (ResultSet rs = statement.executeQuery("SELECT pg_current_xact_id()::text::bigint")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long xminOf(String payload, long reference) throws Exception {
    try (Connection c = services.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + VisibleAfter.widened(VisibleAfter.RAW_XMIN, reference)
                    + " FROM public.vt_events WHERE payload = ?")) {
      ps.setString(1, payload);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getLong(1);
      }
    }
  }
}
