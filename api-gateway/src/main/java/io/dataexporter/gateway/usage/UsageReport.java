package io.dataexporter.gateway.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/export/usage}.
 *
 * @param bucket {@code day}, {@code week} or {@code month}
 * @param from first day counted (UTC)
 * @param to last day counted (UTC), included
 * @param user the user whose exports are counted; null when an admin asked for everyone's
 * @param items one row per period, user and data type that had exports, oldest period first
 * @param totals the whole range, every export counted once
 */
@Schema(
    name = "UsageReport",
    description = "Usage over time per user and data type",
    requiredProperties = {"bucket", "from", "to", "user", "items", "totals"})
public record UsageReport(
    @Schema(allowableValues = {"day", "week", "month"}) String bucket,
    @Schema(description = "First day counted (UTC)") LocalDate from,
    @Schema(description = "Last day counted (UTC), included") LocalDate to,
    @Schema(description = "Whose exports are counted; null: everyone's (admins)", nullable = true)
        String user,
    List<Item> items,
    Totals totals) {

  /**
   * Usage of one data type by one user in one period. An export of two data types counts in the
   * rows of both.
   *
   * @param period first day of the period (a Monday for weeks, the 1st for months)
   * @param user who created the exports
   * @param dataType the data type
   * @param exports exports created in the period that included this data type, whatever became of
   *     them
   * @param completed of those, the ones that completed
   * @param records data records written to this data type's files
   * @param bytes bytes of this data type's data files as stored
   * @param durationMs summed time from request to files ready of the completed exports
   * @param avgDurationMs {@code durationMs / completed}; null when none completed
   */
  @Schema(
      name = "UsageItem",
      requiredProperties = {
        "period",
        "user",
        "data_type",
        "exports",
        "completed",
        "records",
        "bytes",
        "duration_ms",
        "avg_duration_ms"
      })
  public record Item(
      @Schema(description = "First day of the period") LocalDate period,
      String user,
      @JsonProperty("data_type") String dataType,
      long exports,
      long completed,
      long records,
      long bytes,
      @JsonProperty("duration_ms") long durationMs,
      @JsonProperty("avg_duration_ms") @Schema(nullable = true) Long avgDurationMs) {}

  /**
   * The whole range; unlike the sum of the items, an export of several data types counts once.
   *
   * @param exports exports created in the range
   * @param completed of those, the ones that completed
   * @param records data records written
   * @param bytes bytes of data files as stored
   * @param durationMs summed time from request to files ready of the completed exports
   * @param avgDurationMs {@code durationMs / completed}; null when none completed
   */
  @Schema(
      name = "UsageTotals",
      requiredProperties = {
        "exports",
        "completed",
        "records",
        "bytes",
        "duration_ms",
        "avg_duration_ms"
      })
  public record Totals(
      long exports,
      long completed,
      long records,
      long bytes,
      @JsonProperty("duration_ms") long durationMs,
      @JsonProperty("avg_duration_ms") @Schema(nullable = true) Long avgDurationMs) {}

  static UsageReport of(UsageQuery query, Usage usage) {
    List<Item> items =
        usage.rows().stream()
            .map(
                r -> {
                  Usage.Figures f = r.figures();
                  return new Item(
                      r.period(),
                      r.user(),
                      r.dataType(),
                      f.exports(),
                      f.completed(),
                      f.records(),
                      f.bytes(),
                      f.durationMs(),
                      f.averageDurationMs());
                })
            .toList();
    Usage.Figures t = usage.totals();
    return new UsageReport(
        query.bucket().wire(),
        query.from(),
        query.to(),
        query.user(),
        items,
        new Totals(
            t.exports(),
            t.completed(),
            t.records(),
            t.bytes(),
            t.durationMs(),
            t.averageDurationMs()));
  }
}
