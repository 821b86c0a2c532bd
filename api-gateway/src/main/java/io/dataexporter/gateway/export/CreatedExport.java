package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.dataexporter.job.ExportJob;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The create response: the export's fields plus the original service's {@code ExportMetadata} names
 * ({@code data_version}, {@code export_config}, {@code record_count}, {@code file_size}), so its
 * clients keep working; {@code template_id} when a template was run.
 */
@Schema(name = "CreatedExport")
public record CreatedExport(
    @JsonUnwrapped ExportView export,
    @JsonProperty("data_version") @Schema(description = "always 1") String dataVersion,
    @JsonProperty("export_config") @Schema(description = "the same as config")
        ExportConfigView exportConfig,
    @JsonProperty("record_count") @Schema(description = "the same as total_records")
        long recordCount,
    @JsonProperty("file_size") @Schema(description = "the same as total_size") long fileSize,
    @JsonProperty("template_id")
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(format = "uuid", description = "the template run (only when one was)")
        String templateId) {

  public static CreatedExport of(ExportJob job) {
    ExportView view = ExportView.of(job);
    return new CreatedExport(view, "1", view.config(), job.totalRecords(), job.totalSize(), null);
  }

  /** The same response, naming the template that was run. */
  public CreatedExport fromTemplate(String templateId) {
    return new CreatedExport(export, dataVersion, exportConfig, recordCount, fileSize, templateId);
  }
}
