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
        String manifestUrl,
    @JsonProperty("card_url")
        @Schema(
            description =
                "presigned URL of README.md, the data card; null when the export has none",
            types = {"string", "null"})
        String cardUrl,
    @JsonProperty("schema_url")
        @Schema(
            description =
                "presigned URL of schema.json, the Frictionless descriptor of every file; null"
                    + " when the export has none",
            types = {"string", "null"})
        String schemaUrl) {

  /** One file of the export. */
  @Schema(name = "DownloadFile")
  public record File(
      @JsonProperty("data_type")
          @Schema(
              description = "the data type it holds; null for the card and the schema",
              types = {"string", "null"})
          String dataType,
      @Schema(
              description =
                  "file name: its path in the export, e.g. logs.csv.gz or"
                      + " train/logs/date=2024-01-01/part-00000.parquet",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String name,
      @Schema(
              description =
                  "where to write it in a downloaded folder (the same as name): [split/]type/"
                      + "[partition/]part-NNNNN.ext for a multi-file export",
              example = "train/logs/date=2024-01-01/part-00000.parquet",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String path,
      @Schema(
              description =
                  "data: the exported records; rejected: records that broke a rule; card: the"
                      + " data card README.md; schema: schema.json",
              allowableValues = {"data", "rejected", "card", "schema"},
              requiredMode = Schema.RequiredMode.REQUIRED)
          String kind,
      @Schema(
              description = "the split it belongs to, or null",
              types = {"string", "null"})
          String split,
      @Schema(
              description = "its time partition folder, e.g. date=2024-01-01, or null",
              types = {"string", "null"})
          String partition,
      @Schema(description = "presigned GET URL", requiredMode = Schema.RequiredMode.REQUIRED)
          String url,
      @Schema(description = "bytes") long size,
      long records,
      @Schema(description = "hex SHA-256 of the file") String sha256) {}
}
