package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** What a cleanup removed: every export created before the retention cutoff. */
@Schema(name = "CleanupReport")
public record CleanupReport(
    @JsonProperty("deleted_exports") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        int deletedExports,
    @JsonProperty("freed_bytes") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
        long freedBytes,
    @JsonProperty("export_ids") List<String> exportIds,
    @JsonProperty("older_than")
        @Schema(format = "date-time", description = "exports created before this were removed")
        String olderThan,
    @JsonProperty("retention_days") @Schema(description = "the configured retention, in days")
        double retentionDays) {}
