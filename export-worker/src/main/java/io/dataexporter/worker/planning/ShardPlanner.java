package io.dataexporter.worker.planning;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.dataset.VisibleAfter;
import io.dataexporter.filter.CatalogColumnTypes;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.RowHash;
import io.dataexporter.job.Sample;
import io.dataexporter.job.ShardPlan;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.worker.snapshot.SnapshotReads;
import io.dataexporter.worker.source.SampleAndSplit;
import io.dataexporter.worker.source.SourceReadException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.Jdbi;

/**
 * Splits each requested dataset into time slices holding about {@code targetRows} rows each. Slice
 * boundaries are quantiles of the time column over the filtered rows (row filters included), so
 * busy hours get narrow slices and quiet days wide ones. The first and last slice keep the
 * request's bounds (open when the request has none), so every row of the range falls in exactly one
 * shard.
 *
 * <p>A request's sample and split narrow the rows counted and cut ({@link SampleAndSplit}): with a
 * split, each split of a type is cut on its own, one after the other in split-name order; a sample
 * by row count gets its hash threshold from the snapshot first.
 *
 * <p>From {@link #SAMPLE_FROM} rows on, the quantiles are those of a random sample (a fixed seed,
 * so a plan can be repeated) of at least {@link #MIN_SAMPLE} rows and 4 per slice squared, which
 * puts each cut within about a quarter of a shard of the exact one: sorting every row's time costs
 * the database more than a second per 5 million rows, before any shard can start. Which rows a
 * shard holds stays exact either way; only the shards' sizes vary a little.
 */
public final class ShardPlanner {
  static final long SAMPLE_FROM = 1_000_000;
  static final long MIN_SAMPLE = 50_000;
  private final long sampleFrom;
  private final long minSample;
  private final Jdbi jdbi;
  private final DatasetRegistry datasets;
  private final long targetRows;
  private final FilterParser filters;

  public ShardPlanner(Jdbi jdbi, DatasetRegistry datasets, long targetRows, FilterParser filters) {
    this(jdbi, datasets, targetRows, SAMPLE_FROM, MIN_SAMPLE, filters);
  }

  /** Typing row filters by the catalog of {@code jdbi}'s database. */
  public ShardPlanner(Jdbi jdbi, DatasetRegistry datasets, long targetRows) {
    this(jdbi, datasets, targetRows, new FilterParser(datasets, new CatalogColumnTypes(jdbi)));
  }

  /** With other sampling thresholds, for tests on small tables. */
  ShardPlanner(
      Jdbi jdbi, DatasetRegistry datasets, long targetRows, long sampleFrom, long minSample) {
    this(
        jdbi,
        datasets,
        targetRows,
        sampleFrom,
        minSample,
        new FilterParser(datasets, new CatalogColumnTypes(jdbi)));
  }

  private ShardPlanner(
      Jdbi jdbi,
      DatasetRegistry datasets,
      long targetRows,
      long sampleFrom,
      long minSample,
      FilterParser filters) {
    this.jdbi = jdbi;
    this.datasets = datasets;
    this.targetRows = targetRows;
    this.sampleFrom = sampleFrom;
    this.minSample = minSample;
    this.filters = filters;
  }

  /**
   * Plans the export's shards as the snapshot named {@code snapshot} (imported from its holders)
   * sees the data.
   *
   * @param epoch the plan's number, part of the shards' part keys
   */
  public List<ShardPlan> plan(
      UUID exportId, int epoch, ExportRequest request, List<String> snapshot) {
    return plan(exportId, epoch, request, snapshot, null);
  }

  /**
   * The same for an incremental export: counts and cuts cover only the rows that became visible
   * after its predecessor's snapshot.
   *
   * @param after the predecessor's cut; null: every row
   */
  public List<ShardPlan> plan(
      UUID exportId, int epoch, ExportRequest request, List<String> snapshot, VisibleAfter after) {
    List<ShardPlan> plans = new ArrayList<>();
    for (String type : request.dataTypes()) {
      plans.addAll(planDataset(exportId, epoch, datasets.get(type), request, snapshot, after));
    }
    return plans;
  }

  private List<ShardPlan> planDataset(
      UUID exportId,
      int epoch,
      Dataset dataset,
      ExportRequest request,
      List<String> snapshot,
      VisibleAfter after) {
    Instant from = request.startDate() == null ? null : request.startDate().toInstant();
    Instant to = request.endDate() == null ? null : request.endDate().toInstant();
    Long highWater = highWater(dataset, snapshot);
    RowFilter filter =
        new RowFilter(dataset, from, to, request.processes())
            .withIdHighWater(highWater)
            .withVisibleAfter(after)
            .withConditions(filters.conditions(request, dataset));
    Long sampleBelow = null;
    if (request.sample() != null) {
      sampleBelow = sampleBelow(filter, request.sample(), snapshot);
      filter = SampleAndSplit.sampled(filter, request.sample(), sampleBelow);
    }
    Slices slices = new Slices(exportId, epoch, highWater, sampleBelow, snapshot);
    if (request.split() == null) {
      slices.add(filter, null);
    } else {
      for (String split : request.split().names()) {
        slices.add(SampleAndSplit.inSplit(filter, request.split(), split), split);
      }
    }
    return slices.plans;
  }

  /**
   * One type's shards, split after split: each split's rows are cut into time slices on their own,
   * and {@code seq} keeps counting across splits, so part keys stay distinct and seq order is split
   * order, then time order.
   */
  private final class Slices {
    final List<ShardPlan> plans = new ArrayList<>();
    private final UUID exportId;
    private final int epoch;
    private final Long highWater;
    private final Long sampleBelow;
    private final List<String> snapshot;

    Slices(UUID exportId, int epoch, Long highWater, Long sampleBelow, List<String> snapshot) {
      this.exportId = exportId;
      this.epoch = epoch;
      this.highWater = highWater;
      this.sampleBelow = sampleBelow;
      this.snapshot = snapshot;
    }

    void add(RowFilter filter, String split) {
      long rows = count(filter, snapshot);
      List<Instant> cuts =
          rows > targetRows
              ? boundaries(
                  filter,
                  (int) Math.min(10_000, (rows + targetRows - 1) / targetRows),
                  rows,
                  snapshot)
              : List.of();
      String type = filter.dataset().name();
      Instant start = filter.from();
      long perShard = rows / (cuts.size() + 1);
      for (int i = 0; i <= cuts.size(); i++) {
        Instant end = i < cuts.size() ? cuts.get(i) : filter.to();
        int seq = plans.size();
        plans.add(
            new ShardPlan(
                type,
                seq,
                start,
                end,
                perShard,
                ObjectKeys.part(exportId, type, epoch, seq, 0),
                highWater,
                split,
                sampleBelow));
        start = end;
      }
    }
  }

  /**
   * The sample's hash threshold for this type: a fraction's fixed one; for a row count, one more
   * than the {@code rows}-th smallest hash among the rows {@code filter} selects in the snapshot,
   * so that exactly that many rows are under it when keys are unique (rows sharing a key come and
   * go together). Fewer rows than asked: every row ({@link RowHash#SCALE}).
   */
  private long sampleBelow(RowFilter filter, Sample sample, List<String> snapshot) {
    if (sample.fraction() != null) {
      return RowHash.threshold(sample.fraction());
    }
    String key = Dataset.quote(SampleAndSplit.sampleKey(sample, filter.dataset()));
    String sql =
        "SELECT h FROM (SELECT "
            + RowHash.sql(key)
            + " AS h FROM "
            + filter.dataset().sqlTable()
            + filter.whereClause()
            + ") AS hashes ORDER BY h OFFSET ? LIMIT 1";
    return query(
        filter,
        snapshot,
        h -> {
          Connection c = h.getConnection();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, RowHash.prefix(RowHash.SAMPLE, sample.seed()));
            int next = filter.bind(c, ps, 2);
            ps.setLong(next, sample.rows() - 1);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getLong(1) + 1 : RowHash.SCALE;
            }
          }
        });
  }

  /**
   * The dataset's largest id now: rows inserted after planning have larger ids (ids from a
   * sequence) and stay out of the export. Null when the id column is not an integer.
   */
  private Long highWater(Dataset dataset, List<String> snapshot) {
    String sql = "SELECT max(" + Dataset.quote(dataset.idColumn()) + ") FROM " + dataset.sqlTable();
    RowFilter any = new RowFilter(dataset, null, null, List.of());
    return query(
        any,
        snapshot,
        h -> {
          try (PreparedStatement ps = h.getConnection().prepareStatement(sql);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            Object max = rs.getObject(1);
            return max instanceof Long || max instanceof Integer
                ? ((Number) max).longValue()
                : (max == null ? 0L : null);
          }
        });
  }

  private long count(RowFilter filter, List<String> snapshot) {
    String sql = "SELECT count(*) FROM " + filter.dataset().sqlTable() + filter.whereClause();
    return query(
        filter,
        snapshot,
        h -> {
          Connection c = h.getConnection();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            filter.bind(c, ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  /** Strictly increasing cut points; duplicates (many rows on one instant) collapse. */
  private List<Instant> boundaries(RowFilter filter, int slices, long rows, List<String> snapshot) {
    long sample = Math.max(minSample, 4L * slices * slices);
    boolean sampled = rows >= sampleFrom && sample < rows / 2;
    Double[] fractions = new Double[slices - 1];
    for (int i = 1; i < slices; i++) {
      fractions[i - 1] = (double) i / slices;
    }
    String time = Dataset.quote(filter.dataset().timeColumn());
    String sql =
        "SELECT min("
            + time
            + "), percentile_disc(?) WITHIN GROUP (ORDER BY "
            + time
            + ") FROM "
            + filter.dataset().sqlTable()
            + filter.whereClause()
            + (!sampled
                ? ""
                : (filter.whereClause().isBlank() ? " WHERE" : " AND") + " random() < ?");
    return query(
        filter,
        snapshot,
        h -> {
          Connection c = h.getConnection();
          if (sampled) {
            seed(c, 0.5);
          }
          try {
            return quantiles(c, sql, fractions, filter, sampled ? (double) sample / rows : 1);
          } finally {
            if (sampled) {
              // the seed is session state: leave the pooled connection's random() unpredictable
              seed(c, ThreadLocalRandom.current().nextDouble(-1, 1));
            }
          }
        });
  }

  private static void seed(Connection c, double seed) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT setseed(?)")) {
      ps.setDouble(1, seed);
      ps.execute();
    }
  }

  private static List<Instant> quantiles(
      Connection c, String sql, Double[] fractions, RowFilter filter, double fraction)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setArray(1, c.createArrayOf("float8", fractions));
      int next = filter.bind(c, ps, 2);
      if (fraction < 1) {
        ps.setDouble(next, fraction);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        Instant min = rs.getTimestamp(1).toInstant();
        Array array = rs.getArray(2);
        List<Instant> cuts = new ArrayList<>();
        Instant last = min;
        for (Object value : (Object[]) array.getArray()) {
          Instant cut = ((Timestamp) value).toInstant();
          if (cut.isAfter(last)) {
            cuts.add(cut);
            last = cut;
          }
        }
        return cuts;
      }
    }
  }

  /** Runs {@code callback} in a transaction that reads the export's snapshot. */
  private <T> T query(
      RowFilter filter,
      List<String> snapshot,
      org.jdbi.v3.core.HandleCallback<T, SQLException> callback) {
    try {
      return SnapshotReads.read(jdbi, snapshot, callback::withHandle);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SourceReadException(
          "planning " + filter.dataset().name() + " failed: " + e.getMessage(), e);
    }
  }
}
