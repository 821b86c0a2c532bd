package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** Totals over every stored export (all users). */
@Schema(name = "ExportStats")
public record ExportStatsView(
    @JsonProperty("total_exports") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        long totalExports,
    @JsonProperty("total_size") @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long totalSize,
    @JsonProperty("oldest_export")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String oldestExport,
    @JsonProperty("newest_export")
        @Schema(
            format = "date-time",
            types = {"string", "null"})
        String newestExport,
    @JsonProperty("by_status") @Schema(description = "exports per status")
        Map<String, Long> byStatus) {}
