package io.dataexporter.gateway.progress;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.export.ValidationView;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The live progress of an export: totals, per data type and per shard. Also the data of each {@code
 * progress} event of the events stream.
 */
@Schema(name = "ExportProgress")
public record ProgressView(
    @JsonProperty("export_id") @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String exportId,
    @Schema(
            allowableValues = {
              "pending",
              "running",
              "finalizing",
              "completed",
              "failed",
              "cancelled"
            },
            requiredMode = Schema.RequiredMode.REQUIRED)
        String status,
    @Schema(
            description = "0 to 100, never going backwards; 100 only once completed",
            minimum = "0",
            maximum = "100",
            requiredMode = Schema.RequiredMode.REQUIRED)
        long percent,
    @JsonProperty("records_exported") long recordsExported,
    @JsonProperty("records_total") @Schema(description = "estimated until every shard completed")
        long recordsTotal,
    @JsonProperty("shards_total") int shardsTotal,
    @JsonProperty("shards_completed") int shardsCompleted,
    @JsonProperty("shards_failed") int shardsFailed,
    @JsonProperty("data_types") Map<String, TypeProgress> dataTypes,
    List<ShardProgress> shards,
    @JsonProperty("error_message") @Schema(types = {"string", "null"}) String errorMessage) {

  /** The totals of one data type. */
  @Schema(name = "TypeProgress")
  public record TypeProgress(
      @JsonProperty("records_exported") long recordsExported,
      @JsonProperty("records_total") long recordsTotal,
      @JsonProperty("shards_total") int shardsTotal,
      @JsonProperty("shards_completed") int shardsCompleted,
      @JsonProperty("shards_failed") int shardsFailed,
      ValidationView validation) {}

  /** One shard: a time range of one data type, run by one worker at a time. */
  @Schema(name = "ShardProgress")
  public record ShardProgress(
      @JsonProperty("shard_id") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long shardId,
      @JsonProperty("data_type") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          String dataType,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int seq,
      @Schema(
              allowableValues = {"queued", "running", "completed", "failed"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String status,
      @JsonProperty("worker_id") @Schema(types = {"string", "null"}) String workerId,
      @Schema(description = "exported so far, final once completed") long records,
      @JsonProperty("estimated_records") long estimatedRecords,
      int attempts,
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
      @JsonProperty("started_at")
          @Schema(
              format = "date-time",
              types = {"string", "null"})
          String startedAt,
      @JsonProperty("completed_at")
          @Schema(
              format = "date-time",
              types = {"string", "null"})
          String completedAt,
      @JsonProperty("duration_ms")
          @Schema(
              description = "run time of the current attempt (so far, while it runs)",
              types = {"integer", "null"})
          Long durationMs) {}
}
