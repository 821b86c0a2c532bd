package io.dataexporter.gateway.usage;

import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads usage from {@code export_jobs}: the data types an export asked for come from its stored
 * request, records and bytes from the data files it produced ({@code files}, where each file names
 * its data type; rejected-record files and the manifest are not counted), durations from its
 * timestamps. Deleted exports are gone from the table and so from the figures.
 */
public final class ExportUsage {
  /**
   * One row per export and data type, then grouped twice in the same pass: by period, user and type
   * (the items), and over everything (the totals, where only each export's first data type counts
   * it and its duration, so a multi-type export is counted once).
   */
  private static final String USAGE =
      """
      WITH per_type AS (
        SELECT date_trunc(CAST(:bucket AS text), j.created_at AT TIME ZONE 'UTC')::date AS period,
               j.created_by AS owner,
               t.data_type,
               t.ord = 1 AS first_type,
               CASE WHEN j.status = :completed
                    THEN (extract(epoch FROM j.completed_at - j.created_at) * 1000)::bigint
               END AS duration_ms,
               coalesce(produced.records, 0) AS records,
               coalesce(produced.bytes, 0) AS bytes
          FROM exporter.export_jobs j
         CROSS JOIN LATERAL jsonb_array_elements_text(j.config -> 'data_types')
               WITH ORDINALITY AS t(data_type, ord)
          LEFT JOIN LATERAL (
                SELECT sum((f ->> 'records')::bigint) AS records,
                       sum((f ->> 'size')::bigint) AS bytes
                  FROM jsonb_array_elements(j.files) f
                 WHERE f ->> 'dataType' = t.data_type
                   AND coalesce(f ->> 'kind', :data) = :data
               ) produced ON true
         WHERE j.created_at >= :from AND j.created_at < :until
           AND (CAST(:owner AS text) IS NULL OR j.created_by = :owner)
      )
      SELECT period, owner, data_type,
             GROUPING(period, owner, data_type) <> 0 AS total_row,
             count(*) AS exports,
             count(*) FILTER (WHERE first_type) AS exports_once,
             count(duration_ms) AS completed,
             count(duration_ms) FILTER (WHERE first_type) AS completed_once,
             coalesce(sum(records), 0) AS records,
             coalesce(sum(bytes), 0) AS bytes,
             coalesce(sum(duration_ms), 0) AS duration_ms,
             coalesce(sum(duration_ms) FILTER (WHERE first_type), 0) AS duration_ms_once
        FROM per_type
       GROUP BY GROUPING SETS ((period, owner, data_type), ())
       ORDER BY total_row, period, owner, data_type
      """;

  private final Jdbi jdbi;

  public ExportUsage(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Usage of the exports created from {@code from} to {@code to} (UTC days, both included), by
   * {@code owner} only or by everyone when it is null.
   */
  public Usage read(LocalDate from, LocalDate to, UsageBucket bucket, String owner) {
    List<Record> rows =
        jdbi.withHandle(
            h ->
                h.createQuery(USAGE)
                    .bind("bucket", bucket.wire())
                    .bind("completed", ExportStatus.COMPLETED.wire())
                    .bind("data", ExportFile.DATA)
                    .bind("from", from.atStartOfDay().atOffset(ZoneOffset.UTC))
                    .bind("until", to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                    .bind("owner", owner)
                    .map((rs, ctx) -> rs.getBoolean("total_row") ? totals(rs) : row(rs))
                    .list());
    List<Usage.Row> items = new ArrayList<>();
    Usage.Figures totals = null;
    for (Record row : rows) {
      if (row instanceof Usage.Row item) {
        items.add(item);
      } else {
        totals = (Usage.Figures) row;
      }
    }
    return new Usage(items, totals);
  }

  private static Usage.Row row(ResultSet rs) throws SQLException {
    return new Usage.Row(
        rs.getObject("period", LocalDate.class),
        rs.getString("owner"),
        rs.getString("data_type"),
        new Usage.Figures(
            rs.getLong("exports"),
            rs.getLong("completed"),
            rs.getLong("records"),
            rs.getLong("bytes"),
            rs.getLong("duration_ms")));
  }

  /** The grand total row: counts and durations of each export once, however many types it has. */
  private static Usage.Figures totals(ResultSet rs) throws SQLException {
    return new Usage.Figures(
        rs.getLong("exports_once"),
        rs.getLong("completed_once"),
        rs.getLong("records"),
        rs.getLong("bytes"),
        rs.getLong("duration_ms_once"));
  }
}
