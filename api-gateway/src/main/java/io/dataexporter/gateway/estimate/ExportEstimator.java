package io.dataexporter.gateway.estimate;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.error.TransientException;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.RowHash;
import io.dataexporter.job.Sample;
import io.dataexporter.job.Split;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGStatement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Estimates an export without running it and without reading source rows: record counts from the
 * query planner ({@code EXPLAIN}) over the export's filter (row filters included), sizes from
 * column statistics, and a shard plan from the time column's histogram. A table that was never
 * analyzed has no statistics; its estimate is the planner's guess, marked {@code no_statistics}
 * (run ANALYZE on it). A sample scales the records (and bytes and shards) by its fraction, or caps
 * them at its row count; a split shares each type's records out by the splits' ratios.
 */
public final class ExportEstimator {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Per-column text width of types whose stored width says little about their text form. */
  private static final Map<String, Integer> TEXT_WIDTH =
      Map.of(
          "timestamptz",
          27,
          "timestamp",
          27,
          "int8",
          8,
          "int4",
          6,
          "int2",
          4,
          "float8",
          18,
          "float4",
          10,
          "inet",
          15,
          "bool",
          5);

  private final Jdbi jdbi;
  private final DatasetRegistry datasets;
  private final long shardTargetRows;
  private final FilterParser filters;

  public ExportEstimator(
      Jdbi jdbi, DatasetRegistry datasets, long shardTargetRows, FilterParser filters) {
    this.jdbi = jdbi;
    this.datasets = datasets;
    this.shardTargetRows = shardTargetRows;
    this.filters = filters;
  }

  /** One planned shard. */
  public record ShardEstimate(
      int seq, Instant rangeStart, Instant rangeEnd, long estimatedRecords) {}

  /**
   * @param records after the sample, if any
   * @param method {@code statistics} (planner estimate from statistics) or {@code no_statistics}
   * @param splits the records of each split (sorted by name), null without a split
   */
  public record DataTypeEstimate(
      long records,
      long bytes,
      String method,
      List<ShardEstimate> shards,
      Map<String, Long> splits) {}

  public Map<String, DataTypeEstimate> estimate(ExportRequest request) {
    Map<String, DataTypeEstimate> estimates = new LinkedHashMap<>();
    try {
      jdbi.useHandle(
          h -> {
            for (String type : request.dataTypes()) {
              estimates.put(type, estimate(h, datasets.get(type), request));
            }
          });
    } catch (SQLException e) {
      throw classify(e);
    }
    return estimates;
  }

  private DataTypeEstimate estimate(Handle h, Dataset dataset, ExportRequest request)
      throws SQLException {
    Instant from = request.startDate() == null ? null : request.startDate().toInstant();
    Instant to = request.endDate() == null ? null : request.endDate().toInstant();
    RowFilter filter =
        new RowFilter(dataset, from, to, request.processes())
            .withConditions(filters.conditions(request, dataset));
    Connection c = h.getConnection();
    boolean analyzed = analyzed(c, dataset);
    // never a count: the gateway reads no source rows; without statistics the planner guesses
    long rows = sampled(plannedRows(c, filter), request.sample());
    long bytes =
        compressedBytes(
            rows * bytesPerRecord(c, dataset, request.outputFormat()), request.compression());
    return new DataTypeEstimate(
        rows,
        bytes,
        analyzed ? "statistics" : "no_statistics",
        shards(c, dataset, from, to, rows),
        request.split() == null ? null : perSplit(rows, request.split()));
  }

  /** The rows a sample keeps of {@code rows}: the fraction of them, or at most its row count. */
  static long sampled(long rows, Sample sample) {
    if (sample == null) {
      return rows;
    }
    if (sample.rows() != null) {
      return Math.min(rows, sample.rows());
    }
    return Math.round(rows * sample.fraction());
  }

  /**
   * {@code rows} shared out by the splits' hash ranges (their ratios), each split getting the rows
   * between the floors of its range's ends, so that the shares add up to {@code rows}.
   */
  static Map<String, Long> perSplit(long rows, Split split) {
    Map<String, Long> shares = new LinkedHashMap<>();
    for (String name : split.names()) {
      long[] range = split.range(name);
      shares.put(name, below(rows, range[1]) - below(rows, range[0]));
    }
    return shares;
  }

  private static long below(long rows, long hash) {
    return (long) Math.floor(rows * ((double) hash / RowHash.SCALE));
  }

  /**
   * The size of {@code bytes} once compressed, by the ratios measured on the demo logs (CSV and
   * JSON Lines alike, docs/performance.md): about 6 for gzip 6 and zstd 1 to 3, about 9 for zstd
   * 19; zstd levels between are placed between those (not measured). A request without a level gets
   * the workers' default levels (gzip 6, zstd 3).
   */
  static long compressedBytes(long bytes, Compression compression) {
    return switch (compression.codec()) {
      case NONE -> bytes;
      // Parquet pages (not measured yet: about what gzip gives on text)
      case SNAPPY -> bytes / 4;
      case GZIP -> bytes / 6;
      case ZSTD -> {
        int level = compression.level() == null ? 3 : compression.level();
        yield level >= 16 ? bytes / 9 : level >= 10 ? bytes / 7 : bytes / 6;
      }
    };
  }

  private static boolean analyzed(Connection c, Dataset dataset) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
      ps.setString(1, dataset.sqlTable());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getDouble(1) >= 0;
      }
    }
  }

  private static long plannedRows(Connection c, RowFilter filter) throws SQLException {
    String sql =
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM " + filter.dataset().sqlTable() + filter.whereClause();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      // plan with the actual values, never a generic plan
      ps.unwrap(PGStatement.class).setPrepareThreshold(0);
      filter.bind(c, ps, 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        JsonNode plan = JSON.readTree(rs.getString(1)).get(0).get("Plan");
        return plan.get("Plan Rows").longValue();
      }
    }
  }

  /** Average text width of the exported columns plus the format's per-field overhead. */
  private static long bytesPerRecord(Connection c, Dataset dataset, OutputFormat format)
      throws SQLException {
    Map<String, Integer> widths = new LinkedHashMap<>();
    String sql =
        """
        SELECT a.attname, t.typname, s.avg_width
          FROM pg_attribute a
          JOIN pg_type t ON t.oid = a.atttypid
          LEFT JOIN pg_stats s ON s.schemaname = (SELECT nspname FROM pg_namespace n JOIN pg_class k ON k.relnamespace = n.oid WHERE k.oid = a.attrelid)
                              AND s.tablename = (SELECT relname FROM pg_class k WHERE k.oid = a.attrelid) AND s.attname = a.attname
         WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
        """;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, dataset.sqlTable());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          int stored = rs.getObject(3) == null ? 16 : rs.getInt(3);
          widths.put(
              rs.getString(1), Math.max(stored, TEXT_WIDTH.getOrDefault(rs.getString(2), 0)));
        }
      }
    }
    long total = 2;
    for (String column : dataset.columns()) {
      total +=
          widths.getOrDefault(column, 16) + (format == OutputFormat.CSV ? 3 : column.length() + 6);
    }
    return total;
  }

  /** Cut points from the time column's histogram (equal-count buckets) within the range. */
  private List<ShardEstimate> shards(
      Connection c, Dataset dataset, Instant from, Instant to, long rows) throws SQLException {
    int count =
        rows > shardTargetRows
            ? (int) Math.max(2, Math.min(10_000, (rows + shardTargetRows - 1) / shardTargetRows))
            : 1;
    List<Instant> bounds = new ArrayList<>();
    if (count > 1) {
      String sql =
          """
          SELECT histogram_bounds::text::timestamptz[] FROM pg_stats
           WHERE schemaname = ? AND tablename = ? AND attname = ?
          """;
      String[] parts = dataset.table().split("\\.", 2);
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, parts.length == 2 ? parts[0] : "public");
        ps.setString(2, parts.length == 2 ? parts[1] : parts[0]);
        ps.setString(3, dataset.timeColumn());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getArray(1) != null) {
            Array array = rs.getArray(1);
            for (Object value : (Object[]) array.getArray()) {
              Instant t = ((Timestamp) value).toInstant();
              if ((from == null || t.isAfter(from)) && (to == null || t.isBefore(to))) {
                bounds.add(t);
              }
            }
          }
        }
      }
    }
    List<ShardEstimate> shards = new ArrayList<>();
    Instant start = from;
    int slices = bounds.size() < count - 1 ? Math.max(1, bounds.size() + 1) : count;
    for (int seq = 0; seq < slices; seq++) {
      Instant end =
          seq < slices - 1 ? bounds.get((int) ((long) (seq + 1) * bounds.size() / slices)) : to;
      shards.add(new ShardEstimate(seq, start, end, rows / slices));
      start = end;
    }
    return shards;
  }

  /**
   * An unreachable or overloaded database is transient (503); anything else, such as a configured
   * table that does not exist, is unexpected (500). Neither message carries the SQL error.
   */
  private static RuntimeException classify(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57P")) {
      return new TransientException("estimating failed: the database is unavailable", e);
    }
    return new IllegalStateException("estimating failed", e);
  }
}
