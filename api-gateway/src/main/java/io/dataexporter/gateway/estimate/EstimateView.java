package io.dataexporter.gateway.estimate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** What an export would produce, from planner statistics; nothing is run or stored. */
@Schema(name = "Estimate")
public record EstimateView(
    @JsonProperty("total_records") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        long totalRecords,
    @JsonProperty("total_bytes")
        @Schema(description = "approximate", requiredMode = Schema.RequiredMode.REQUIRED)
        long totalBytes,
    @JsonProperty("output_format") @Schema(allowableValues = {"json", "jsonl", "csv", "parquet"})
        String outputFormat,
    boolean compression,
    @JsonProperty("data_types")
        @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "per data type; records are after the sample when there is one")
        Map<String, TypeEstimate> dataTypes,
    @Schema(
            types = {"object", "null"},
            description =
                "with a split: split name to data type to estimated records (each type's records"
                    + " shared out by the ratios); null without a split",
            example = "{\"test\": {\"logs\": 1000}, \"train\": {\"logs\": 8000}}")
        Map<String, Map<String, Long>> splits) {

  /** One data type's estimate and shard plan. */
  @Schema(name = "TypeEstimate")
  public record TypeEstimate(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long records,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long bytes,
      @Schema(
              description = "statistics (planner estimate) or no_statistics",
              allowableValues = {"statistics", "no_statistics"})
          String method,
      List<ShardEstimate> shards) {}

  /** One planned shard. */
  @Schema(name = "ShardEstimate")
  public record ShardEstimate(
      int seq,
      @JsonProperty("range_start")
          @Schema(
              format = "date-time",
              types = {"string", "null"})
          String rangeStart,
      @JsonProperty("range_end")
          @Schema(
              format = "date-time",
              types = {"string", "null"})
          String rangeEnd,
      @JsonProperty("estimated_records") long estimatedRecords) {}
}
