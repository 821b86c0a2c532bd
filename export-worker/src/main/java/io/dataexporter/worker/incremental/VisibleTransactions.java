package io.dataexporter.worker.incremental;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.VisibleAfter;
import io.dataexporter.worker.snapshot.SnapshotReads;
import io.dataexporter.worker.source.SourceReadException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds an incremental export's visible set: the distinct (widened) {@code xmin} of the rows its
 * snapshot sees, in {@code [xmin, xmax)} of that snapshot, over every table it reads. Its successor
 * skips exactly these and everything below the xmin. Ids are collected from the rows rather than
 * from the snapshot's transaction list because rows written in a subtransaction carry the
 * subtransaction's id. One full scan per table.
 */
public final class VisibleTransactions {
  private final Jdbi jdbi;

  public VisibleTransactions(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * @param snapshot names of the export's snapshot (the first live one is read)
   * @return the ids in ascending order; empty when {@code xmin == xmax} (no transaction was
   *     running)
   */
  public List<Long> find(
      Collection<Dataset> datasets,
      List<String> snapshot,
      long xmin,
      long xmax,
      java.util.Set<Long> running) {
    TreeSet<Long> xids = new TreeSet<>();
    if (xmin == xmax) {
      return List.of();
    }
    List<String> tables = datasets.stream().map(Dataset::sqlTable).distinct().toList();
    for (String table : tables) {
      String x8 = VisibleAfter.widened(VisibleAfter.RAW_XMIN, xmax);
      String sql =
          "SELECT DISTINCT x8 FROM (SELECT "
              + x8
              + " AS x8 FROM "
              + table
              + ") AS t WHERE x8 >= ? AND x8 < ?";
      try {
        SnapshotReads.read(
            jdbi,
            snapshot,
            h -> {
              Connection c = h.getConnection();
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, xmin);
                ps.setLong(2, xmax);
                try (ResultSet rs = ps.executeQuery()) {
                  while (rs.next()) {
                    xids.add(rs.getLong(1));
                  }
                }
              }
              return null;
            });
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new SourceReadException(
            "finding the transactions visible in " + table + " failed: " + e.getMessage(), e);
      }
    }
    // a transaction still running at the snapshot is never visible in it: a row frozen long ago
    // whose 32-bit id widens onto a running transaction's id must not make that one look visible
    xids.removeAll(running);
    return new ArrayList<>(xids);
  }

  /**
   * The running transactions of a {@code pg_current_snapshot()} text, {@code xmin:xmax:xip,...}.
   */
  public static java.util.Set<Long> running(String snapshot) {
    java.util.Set<Long> running = new java.util.HashSet<>();
    String[] parts = snapshot == null ? new String[0] : snapshot.split(":", -1);
    if (parts.length == 3 && !parts[2].isEmpty()) {
      for (String xid : parts[2].split(",")) {
        running.add(Long.parseLong(xid.trim()));
      }
    }
    return running;
  }
}
