package io.dataexporter.gateway.download;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A completed export's files, each with a presigned GET URL, signed afresh for this answer. */
@Schema(name = "DownloadListing")
public record DownloadListing(
    @JsonProperty("export_id") @Schema(format = "uuid", requiredMode = Schema.RequiredMode.REQUIRED)
        String exportId,
    @JsonProperty("expires_at")
        @Schema(format = "date-time", description = "when the URLs stop working")
        String expiresAt,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<File> files,
    @JsonProperty("manifest_url") @Schema(description = "presigned URL of manifest.json")
        String manifestUrl) {

  /** One file of the export. */
  @Schema(name = "DownloadFile")
  public record File(
      @JsonProperty("data_type") @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
          String dataType,
      @Schema(
              description = "file name, e.g. logs.csv.gz",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String name,
      @Schema(
              description = "data: the exported records; rejected: records that broke a rule",
              allowableValues = {"data", "rejected"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String kind,
      @Schema(description = "presigned GET URL", requiredMode = Schema.RequiredMode.REQUIRED)
          String url,
      @Schema(description = "bytes") long size,
      long records,
      @Schema(description = "hex SHA-256 of the file") String sha256) {}
}
