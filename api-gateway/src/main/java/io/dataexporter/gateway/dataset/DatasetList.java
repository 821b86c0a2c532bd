package io.dataexporter.gateway.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The answer of {@code GET /api/v1/datasets}. */
@Schema(name = "DatasetList")
public record DatasetList(List<DatasetView> items) {

  /** One data type. */
  @Schema(name = "Dataset")
  public record DatasetView(
      @Schema(description = "data type name, as in data_types", example = "logs") String name,
      @JsonProperty("time_column")
          @Schema(description = "column that start_date and end_date apply to")
          String timeColumn,
      @JsonProperty("id_column") @Schema(description = "unique tie-breaker column") String idColumn,
      @Schema(description = "exported columns in output order; those the table lacks are left out")
          List<ColumnView> columns) {}

  /** One exported column. */
  @Schema(name = "DatasetColumn")
  public record ColumnView(
      @Schema(example = "level") String name,
      @Schema(
              description = "how filters compare it, from the source table's catalog",
              allowableValues = {
                "integer",
                "number",
                "text",
                "timestamp",
                "boolean",
                "inet",
                "json"
              })
          String type,
      @JsonProperty("filter_operators")
          @ArraySchema(
              arraySchema =
                  @Schema(
                      description =
                          "operators a condition on the column may use (a JSON column: is_null)"),
              schema = @Schema(type = "string", example = "eq"))
          List<String> filterOperators,
      @JsonProperty("path_operators")
          @ArraySchema(
              arraySchema =
                  @Schema(
                      description =
                          "JSON columns only: operators on a dotted path into it (column.key.key);"
                              + " empty for other types"),
              schema = @Schema(type = "string"))
          List<String> pathOperators) {}
}
