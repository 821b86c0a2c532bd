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
      Collection<Dataset> datasets, List<String> snapshot, long xmin, long xmax) {
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
    return new ArrayList<>(xids);
  }
}
