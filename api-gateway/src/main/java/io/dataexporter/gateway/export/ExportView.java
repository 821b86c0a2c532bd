package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An export as the API shows it: the original service's snake_case fields. */
@Schema(name = "Export", description = "An export: its request, where it is, and what it produced")
public record ExportView(
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
    @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
    @JsonProperty("updated_at") @Schema(format = "date-time") String updatedAt,
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
    @JsonProperty("data_types") List<String> dataTypes,
    ExportConfigView config,
    @JsonProperty("output_format") @Schema(allowableValues = {"json", "jsonl", "csv", "parquet"})
        String outputFormat,
    @JsonProperty("record_counts") @Schema(description = "per data type, the records in its file")
        Map<String, Long> recordCounts,
    @JsonProperty("file_sizes") @Schema(description = "per data type, the bytes of its file")
        Map<String, Long> fileSizes,
    @JsonProperty("error_message") @Schema(types = {"string", "null"}) String errorMessage,
    @JsonProperty("is_compressed") boolean isCompressed,
    @JsonProperty("total_records") long totalRecords,
    @JsonProperty("total_size") long totalSize,
    @Schema(description = "per data type, the validation figures (so far, while it runs)")
        Map<String, ValidationView> validation,
    @Schema(
            description = "where its end is announced (null: nowhere); the secret is never shown",
            types = {"object", "null"})
        WebhookView webhook,
    @JsonProperty("schedule_id")
        @Schema(
            description = "the schedule that made it; null when none did",
            format = "uuid",
            types = {"string", "null"})
        String scheduleId,
    @JsonProperty("schedule_run")
        @Schema(
            description = "the schedule run it was made for; null when none (or deleted since)",
            types = {"object", "null"})
        ExportScheduleRun scheduleRun) {

  /** This view with the schedule that made the export (null: none). */
  ExportView withSchedule(ScheduleRunRepository.ExportLink link) {
    if (link == null) {
      return this;
    }
    return new ExportView(
        exportId,
        status,
        createdAt,
        updatedAt,
        startedAt,
        completedAt,
        dataTypes,
        config,
        outputFormat,
        recordCounts,
        fileSizes,
        errorMessage,
        isCompressed,
        totalRecords,
        totalSize,
        validation,
        webhook,
        link.scheduleId().toString(),
        ExportScheduleRun.of(link.run()));
  }

  static ExportView of(ExportJob job) {
    return of(job, job.validation());
  }

  /** The status of a job that may still run: validation figures from its completed shards. */
  static ExportView of(ExportJob job, List<Shard> shards) {
    if (!job.validation().isEmpty()) {
      return of(job);
    }
    Map<String, ValidationSummary> sofar = new LinkedHashMap<>();
    for (String type : job.config().dataTypes()) {
      sofar.put(
          type,
          shards.stream()
              .filter(s -> s.dataType().equals(type))
              .map(Shard::validation)
              .reduce(ValidationSummary.EMPTY, ValidationSummary::plus, ValidationSummary::plus));
    }
    return of(job, sofar);
  }

  private static ExportView of(ExportJob job, Map<String, ValidationSummary> validation) {
    Map<String, ValidationView> types = new LinkedHashMap<>();
    validation.forEach((type, v) -> types.put(type, ValidationView.of(job, v)));
    return new ExportView(
        job.id().toString(),
        job.status().wire(),
        text(job.createdAt()),
        text(job.updatedAt()),
        text(job.startedAt()),
        text(job.completedAt()),
        job.config().dataTypes(),
        ExportConfigView.of(job.config()),
        job.config().outputFormat().extension(),
        job.recordCounts(),
        job.fileSizes(),
        job.errorMessage(),
        job.config().compression().compressed(),
        job.totalRecords(),
        job.totalSize(),
        types,
        WebhookView.of(job.webhook()),
        null,
        null);
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
