package io.dataexporter.gateway.usage;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@link ExportUsage} read: one row per period, user and data type that had exports, and the
 * totals of the whole range.
 *
 * @param rows oldest period first, then by user and data type
 * @param totals every export counted once, however many data types it has
 */
public record Usage(List<Row> rows, Figures totals) {

  /**
   * One data type of one user's exports created in one period.
   *
   * @param period first day of the period (UTC)
   * @param user who created the exports
   * @param dataType the data type
   * @param figures its figures; an export of two data types counts in the rows of both
   */
  public record Row(LocalDate period, String user, String dataType, Figures figures) {}

  /**
   * @param exports exports created, whatever became of them
   * @param completed of those, the ones that completed
   * @param records data records written to data files
   * @param bytes bytes of data files as stored
   * @param durationMs summed time from request to files ready of the completed exports
   */
  public record Figures(long exports, long completed, long records, long bytes, long durationMs) {
    /** {@code durationMs / completed}; null when none completed. */
    public Long averageDurationMs() {
      return completed == 0 ? null : durationMs / completed;
    }
  }
}
