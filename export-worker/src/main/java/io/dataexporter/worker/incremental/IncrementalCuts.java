package io.dataexporter.worker.incremental;

import io.dataexporter.dataset.VisibleAfter;
import io.dataexporter.worker.snapshot.SnapshotLostException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The incremental columns of {@code exporter.export_jobs}: where an incremental export starts
 * ({@code after_xmin}, {@code after_xids}, null for a chain's first run) and the transactions its
 * own snapshot saw ({@code visible_xids}), which its successor starts after.
 */
public final class IncrementalCuts {
  private static final String FOR_PLANNING =
      """
      SELECT incremental, after_xmin, after_xids,
             pg_snapshot_xmin(CAST(:xids AS pg_snapshot))::text::bigint AS snapshot_xmin,
             pg_snapshot_xmax(CAST(:xids AS pg_snapshot))::text::bigint AS snapshot_xmax
        FROM exporter.export_jobs
       WHERE id = :id
      """;

  private static final String FOR_READING =
      """
      SELECT incremental, after_xmin, after_xids, plan_epoch, snapshot_xids,
             pg_snapshot_xmin(CAST(snapshot_xids AS pg_snapshot))::text::bigint AS snapshot_xmin,
             pg_snapshot_xmax(CAST(snapshot_xids AS pg_snapshot))::text::bigint AS snapshot_xmax,
             cardinality(visible_xids) AS visible_count
        FROM exporter.export_jobs
       WHERE id = :id
      """;

  private static final String STORE_VISIBLE =
      "UPDATE exporter.export_jobs SET visible_xids = :xids WHERE id = :id";

  private final Jdbi jdbi;

  public IncrementalCuts(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * An incremental export's cut under a snapshot.
   *
   * @param afterXmin the predecessor's snapshot xmin; null for a chain's first run
   * @param afterXids the predecessor's visible transactions from its xmin up
   * @param snapshotXmin the snapshot's xmin (as xid8)
   * @param snapshotXmax the snapshot's xmax (as xid8), the reference that widens row xmins
   */
  public record Cut(Long afterXmin, List<Long> afterXids, long snapshotXmin, long snapshotXmax) {
    public Cut {
      afterXids = List.copyOf(afterXids);
    }

    /** The condition every read adds; null for a chain's first run (it reads every row). */
    public VisibleAfter visibleAfter() {
      return afterXmin == null ? null : new VisibleAfter(afterXmin, afterXids, snapshotXmax);
    }
  }

  /**
   * The cut of the export when it is incremental, under the snapshot {@code xids} ({@code
   * pg_current_snapshot()} text) that planning has taken but not stored yet.
   */
  public Optional<Cut> forPlanning(UUID exportId, String xids) {
    return jdbi.withHandle(
        h ->
            h.createQuery(FOR_PLANNING)
                .bind("id", exportId)
                .bind("xids", xids)
                .map(
                    (rs, ctx) ->
                        rs.getBoolean("incremental")
                            ? cut(rs, rs.getLong("snapshot_xmin"), rs.getLong("snapshot_xmax"))
                            : null)
                .findOne());
  }

  /**
   * The condition a shard of plan {@code epoch} adds to its reads; null when it reads every row.
   *
   * @throws SnapshotLostException when the export has been planned again since (its stored snapshot
   *     is no longer the shard's)
   */
  public VisibleAfter forShard(UUID exportId, int epoch) {
    return jdbi.withHandle(
        h ->
            h.createQuery(FOR_READING)
                .bind("id", exportId)
                .map(
                    (rs, ctx) -> {
                      if (!rs.getBoolean("incremental") || rs.getObject("after_xmin") == null) {
                        return Optional.<VisibleAfter>empty();
                      }
                      if (rs.getInt("plan_epoch") != epoch
                          || rs.getString("snapshot_xids") == null) {
                        throw new SnapshotLostException(
                            "export " + exportId + " was planned again after plan " + epoch);
                      }
                      return Optional.of(
                          cut(rs, rs.getLong("snapshot_xmin"), rs.getLong("snapshot_xmax"))
                              .visibleAfter());
                    })
                .findOne()
                .flatMap(o -> o)
                .orElse(null));
  }

  /**
   * What the manifest says of an incremental export's cut; empty for other exports.
   *
   * @param afterXmin the predecessor's snapshot xmin (null: the chain's first run, every row)
   * @param afterXidsCount how many of the predecessor's transactions from its xmin up it skips
   * @param snapshot its own snapshot ({@code xmin:xmax:xip}), where its successor starts
   * @param visibleXidsCount how many transactions from its own xmin up it saw
   */
  public record Described(
      Long afterXmin, int afterXidsCount, String snapshot, int visibleXidsCount) {}

  public Optional<Described> describe(UUID exportId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(FOR_READING)
                .bind("id", exportId)
                .map(
                    (rs, ctx) ->
                        rs.getBoolean("incremental")
                            ? new Described(
                                (Long) rs.getObject("after_xmin"),
                                longs(rs.getArray("after_xids")).size(),
                                rs.getString("snapshot_xids"),
                                rs.getInt("visible_count"))
                            : null)
                .findOne());
  }

  /** Stores the export's visible set, in the caller's transaction (the one storing the plan). */
  public static void storeVisible(Handle h, UUID exportId, List<Long> xids) {
    h.createUpdate(STORE_VISIBLE)
        .bind("id", exportId)
        .bind("xids", xids.toArray(new Long[0]))
        .execute();
  }

  private static Cut cut(ResultSet rs, long snapshotXmin, long snapshotXmax) throws SQLException {
    return new Cut(
        (Long) rs.getObject("after_xmin"),
        longs(rs.getArray("after_xids")),
        snapshotXmin,
        snapshotXmax);
  }

  private static List<Long> longs(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
  }
}
