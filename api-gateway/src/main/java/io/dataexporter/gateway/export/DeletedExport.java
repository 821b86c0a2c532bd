package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to deleting an export: its files and its row are gone. */
@Schema(name = "DeletedExport")
public record DeletedExport(
    @JsonProperty("export_id") @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String exportId,
    @Schema(description = "always true", requiredMode = Schema.RequiredMode.REQUIRED)
        boolean deleted,
    @JsonProperty("freed_bytes") @Schema(description = "bytes of objects removed")
        long freedBytes) {}
