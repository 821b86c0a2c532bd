package io.dataexporter.gateway.export;

import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ValidationSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** An export as the API shows it: the original service's snake_case fields. */
public final class ExportView {
  private static final ExportConfigCodec CONFIG =
      new ExportConfigCodec(JsonMapper.builder().build());

  private ExportView() {}

  static Map<String, Object> of(ExportJob job) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("export_id", job.id().toString());
    view.put("status", job.status().wire());
    view.put("created_at", text(job.createdAt()));
    view.put("updated_at", text(job.updatedAt()));
    view.put("started_at", text(job.startedAt()));
    view.put("completed_at", text(job.completedAt()));
    view.put("data_types", job.config().dataTypes());
    view.put("config", CONFIG.toJson(job.config()));
    view.put("output_format", job.config().outputFormat().extension());
    view.put("record_counts", job.recordCounts());
    view.put("file_sizes", job.fileSizes());
    view.put("error_message", job.errorMessage());
    view.put("is_compressed", job.config().compression());
    view.put("total_records", job.totalRecords());
    view.put("total_size", job.totalSize());
    view.put("validation", validation(job, job.validation()));
    return view;
  }

  /**
   * The create response: the status fields plus the original service's {@code ExportMetadata} names
   * ({@code data_version}, {@code export_config}, {@code record_count}, {@code file_size}), so its
   * clients keep working.
   */
  public static Map<String, Object> created(ExportJob job) {
    Map<String, Object> view = of(job);
    view.put("data_version", "1");
    view.put("export_config", view.get("config"));
    view.put("record_count", job.totalRecords());
    view.put("file_size", job.totalSize());
    return view;
  }

  /** The status of a job that may still run: validation figures from its completed shards. */
  static Map<String, Object> of(ExportJob job, List<Shard> shards) {
    Map<String, Object> view = of(job);
    if (job.validation().isEmpty()) {
      Map<String, ValidationSummary> sofar = new LinkedHashMap<>();
      for (String type : job.config().dataTypes()) {
        sofar.put(
            type,
            shards.stream()
                .filter(s -> s.dataType().equals(type))
                .map(Shard::validation)
                .reduce(ValidationSummary.EMPTY, ValidationSummary::plus, ValidationSummary::plus));
      }
      view.put("validation", validation(job, sofar));
    }
    return view;
  }

  /** Per data type: {@code {level, checked, valid, rejected, by_rule}}. */
  static Map<String, Object> validation(ExportJob job, Map<String, ValidationSummary> byType) {
    Map<String, Object> types = new LinkedHashMap<>();
    byType.forEach((type, v) -> types.put(type, validationEntry(job, v)));
    return types;
  }

  public static Map<String, Object> validationEntry(ExportJob job, ValidationSummary v) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("level", job.config().validationLevel().name().toLowerCase(Locale.ROOT));
    entry.put("checked", v.checked());
    entry.put("valid", v.valid());
    entry.put("rejected", v.rejected());
    entry.put("by_rule", v.byRule());
    return entry;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
