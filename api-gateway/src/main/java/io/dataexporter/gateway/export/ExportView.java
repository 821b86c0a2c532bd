package io.dataexporter.gateway.export;

import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportJob;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** An export as the API shows it: the original service's snake_case fields. */
final class ExportView {
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
    return view;
  }

  /**
   * The create response: the status fields plus the original service's {@code ExportMetadata} names
   * ({@code data_version}, {@code export_config}, {@code record_count}, {@code file_size}), so its
   * clients keep working.
   */
  static Map<String, Object> created(ExportJob job) {
    Map<String, Object> view = of(job);
    view.put("data_version", "1");
    view.put("export_config", view.get("config"));
    view.put("record_count", job.totalRecords());
    view.put("file_size", job.totalSize());
    return view;
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
