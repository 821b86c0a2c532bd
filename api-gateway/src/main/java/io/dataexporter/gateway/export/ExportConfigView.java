package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.gateway.web.OpenApiDocument;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.Sample;
import io.dataexporter.job.Split;
import io.dataexporter.transform.Transformation;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A stored request as responses show it ({@code config}, {@code export_config}): every field, with
 * the defaults filled in. The same fields {@link io.dataexporter.job.ExportConfigCodec} stores.
 */
@Schema(name = "ExportConfig", description = "The validated request, every default filled in")
public record ExportConfigView(
    @JsonProperty("data_types") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        List<String> dataTypes,
    @JsonProperty("start_date")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String startDate,
    @JsonProperty("end_date")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String endDate,
    List<String> processes,
    @JsonProperty("batch_size") int batchSize,
    @JsonProperty("include_metadata") boolean includeMetadata,
    @JsonProperty("validation_level") @Schema(allowableValues = {"none", "basic", "strict"})
        String validationLevel,
    @JsonProperty("output_format") @Schema(allowableValues = {"json", "jsonl", "csv", "parquet"})
        String outputFormat,
    @Schema(
            description =
                "as the request wrote it: true, false, \"gzip\", \"zstd\", \"snappy\" or"
                    + " \"none\"",
            types = {"boolean", "string"})
        Object compression,
    @JsonProperty("compression_level") @Schema(types = {"integer", "null"})
        Integer compressionLevel,
    Map<String, Object> filters,
    @Schema(
            description = "per data type, its transformation steps",
            ref = "#/components/schemas/" + OpenApiDocument.TRANSFORMATIONS)
        Map<String, List<Map<String, Object>>> transformations,
    @JsonProperty("csv_escape_formulas") boolean csvEscapeFormulas,
    @Schema(types = {"object", "null"}) ExportRequestBody.EncryptionRequest encryption,
    @Schema(types = {"object", "null"}) ExportRequestBody.SampleRequest sample,
    @Schema(types = {"object", "null"}) ExportRequestBody.SplitRequest split,
    @JsonProperty("max_file_size")
        @Schema(
            description = "as the request wrote it: a number of bytes or text such as \"256MB\"",
            types = {"string", "integer", "null"})
        Object maxFileSize,
    @JsonProperty("partition_by")
        @Schema(
            allowableValues = {"hour", "day", "month"},
            types = {"string", "null"})
        String partitionBy) {

  public static ExportConfigView of(ExportRequest request) {
    Map<String, List<Map<String, Object>>> steps = new LinkedHashMap<>();
    request
        .transformations()
        .forEach(
            (type, list) -> steps.put(type, list.stream().map(Transformation::toMap).toList()));
    return new ExportConfigView(
        request.dataTypes(),
        text(request.startDate()),
        text(request.endDate()),
        request.processes(),
        request.batchSize(),
        request.includeMetadata(),
        request.validationLevel().name().toLowerCase(Locale.ROOT),
        request.outputFormat().extension(),
        request.compression().wire(),
        request.compression().level(),
        request.filters(),
        steps,
        request.csvEscapeFormulas(),
        request.encryption() == null
            ? null
            : new ExportRequestBody.EncryptionRequest(
                request.encryption().type(), request.encryption().recipients()),
        sample(request.sample()),
        split(request.split()),
        request.maxFileSize() == null ? null : request.maxFileSize().wire(),
        request.partitionBy() == null ? null : request.partitionBy().wire());
  }

  private static ExportRequestBody.SampleRequest sample(Sample sample) {
    return sample == null
        ? null
        : new ExportRequestBody.SampleRequest(
            sample.fraction(), sample.rows(), sample.seed(), sample.key());
  }

  private static ExportRequestBody.SplitRequest split(Split split) {
    return split == null
        ? null
        : new ExportRequestBody.SplitRequest(split.ratios(), split.key(), split.seed());
  }

  private static String text(OffsetDateTime time) {
    return time == null ? null : time.toString();
  }
}
