package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/export} (and of {@code /estimate} and a template's {@code
 * config}), as the OpenAPI document describes it. The body is read and checked in one place, {@link
 * io.dataexporter.gateway.export.ExportRequestParser}, which collects every problem with its field
 * name and ignores unknown fields; this record is the contract it enforces. Limits marked "by
 * default" are configuration ({@code exporter.gateway.*}).
 */
@Schema(name = "ExportRequest", description = "What to export and how to write it")
public record ExportRequestBody(
    @JsonProperty("data_types")
        @ArraySchema(
            arraySchema =
                @Schema(
                    description =
                        "configured data types to export (logs, anomalies, ips and any a"
                            + " deployment adds); duplicates are dropped",
                    requiredMode = Schema.RequiredMode.REQUIRED),
            minItems = 1,
            schema = @Schema(type = "string", example = "logs"))
        List<String> dataTypes,
    @JsonProperty("start_date")
        @Schema(
            format = "date-time",
            types = {"string", "null"},
            description = "inclusive lower bound, ISO-8601 with offset, e.g. 2024-01-01T00:00:00Z")
        String startDate,
    @JsonProperty("end_date")
        @Schema(
            format = "date-time",
            types = {"string", "null"},
            description = "exclusive upper bound, after start_date")
        String endDate,
    @ArraySchema(
            arraySchema =
                @Schema(
                    description =
                        "exact process names to keep; empty or absent = all (at most 1000 names"
                            + " of at most 256 characters by default)"),
            maxItems = 1000,
            schema = @Schema(type = "string", minLength = 1, maxLength = 256))
        List<String> processes,
    @JsonProperty("batch_size")
        @Schema(
            description = "rows per fetch and per write batch",
            minimum = "1",
            maximum = "100000",
            defaultValue = "1000")
        Integer batchSize,
    @JsonProperty("include_metadata")
        @Schema(
            description = "JSON files become {\"metadata\": ..., \"records\": [...]}",
            defaultValue = "true")
        Boolean includeMetadata,
    @JsonProperty("validation_level")
        @Schema(
            description = "how records are checked",
            allowableValues = {"none", "basic", "strict"},
            defaultValue = "basic")
        String validationLevel,
    @JsonProperty("output_format")
        @Schema(
            description = "file format",
            allowableValues = {"json", "jsonl", "csv"},
            defaultValue = "json")
        String outputFormat,
    // no enum or default here: a JSON Schema enum would hold the strings "true" and "false", which
    // are refused, and the default would be the string "false"
    @Schema(
            description =
                "the files' codec: the boolean true (gzip) or false (none, the default), or the"
                    + " string \"gzip\", \"zstd\" or \"none\"",
            types = {"boolean", "string"},
            example = "zstd")
        Object compression,
    @JsonProperty("compression_level")
        @Schema(
            description = "the codec's level: gzip 1-9, zstd 1-19; only with a codec",
            minimum = "1",
            maximum = "19",
            types = {"integer", "null"})
        Integer compressionLevel,
    @JsonProperty("csv_escape_formulas")
        @Schema(
            description =
                "CSV text cells starting with =, +, -, @, tab or carriage return get a leading '"
                    + " (spreadsheet formula injection); numbers are never changed",
            defaultValue = "false")
        Boolean csvEscapeFormulas,
    @Schema(
            description =
                "encrypt every data and rejected file, after compression, as an OpenPGP message"
                    + " to these public keys (suffix .pgp)",
            types = {"object", "null"})
        EncryptionRequest encryption,
    @Schema(
            description =
                "free-form filters kept with the job (reserved; not applied yet); no null values",
            additionalPropertiesSchema = Object.class)
        Map<String, Object> filters,
    @Schema(
            description =
                "per requested data type, the steps reshaping its records, in order (at most 100"
                    + " per data type by default)")
        Map<String, List<TransformStep>> transformations,
    @Schema(
            description =
                "where the export's end (completed, failed, cancelled) is announced by a signed"
                    + " POST; not read by /estimate",
            types = {"object", "null"})
        WebhookRequest webhook) {

  /** OpenPGP encryption to public keys stored at {@code /api/v1/keys}. */
  @Schema(name = "EncryptionRequest")
  public record EncryptionRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "openpgp") String type,
      @ArraySchema(
              arraySchema =
                  @Schema(
                      description =
                          "the caller's public keys: each a key's id, full fingerprint or 16-hex"
                              + " key id",
                      requiredMode = Schema.RequiredMode.REQUIRED),
              minItems = 1,
              maxItems = 10,
              uniqueItems = true,
              schema = @Schema(type = "string", minLength = 1, maxLength = 100))
          List<String> recipients) {}

  /** The webhook of a request; its host must resolve to public addresses unless allow-listed. */
  @Schema(name = "WebhookRequest")
  public record WebhookRequest(
      @Schema(
              description =
                  "absolute http or https URL whose host resolves to public addresses only"
                      + " (loopback, private, link-local, unspecified and multicast are refused"
                      + " unless exporter.webhooks.allowed-hosts allows them)",
              format = "uri",
              maxLength = 2000,
              requiredMode = Schema.RequiredMode.REQUIRED)
          String url,
      @Schema(
              description =
                  "key of the X-Exporter-Signature HMAC-SHA256; never shown again (views say"
                      + " secret_set)",
              minLength = 1,
              maxLength = 500,
              types = {"string", "null"})
          String secret) {}

  /** One transformation step: {@code op} and the arguments that operation takes. */
  @Schema(
      name = "TransformStep",
      description =
          "fields {fields}; rename {from, to}; drop {fields}; mask_ip {field, prefix, prefix_v6};"
              + " hash {field}; truncate {field, max_length}; extract {field, path, as};"
              + " timestamp_format {format, fields}")
  public record TransformStep(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {
                "fields",
                "rename",
                "drop",
                "mask_ip",
                "hash",
                "truncate",
                "extract",
                "timestamp_format"
              })
          String op,
      @ArraySchema(
              arraySchema = @Schema(description = "fields, drop, timestamp_format: field names"),
              minItems = 1,
              schema = @Schema(type = "string", minLength = 1))
          List<String> fields,
      @Schema(description = "rename: the field to rename", minLength = 1) String from,
      @Schema(description = "rename: its new name", minLength = 1) String to,
      @Schema(description = "mask_ip, hash, truncate, extract: the field", minLength = 1)
          String field,
      @Schema(
              description = "mask_ip: IPv4 prefix kept",
              minimum = "0",
              maximum = "32",
              defaultValue = "24")
          Integer prefix,
      @JsonProperty("prefix_v6")
          @Schema(
              description = "mask_ip: IPv6 prefix kept",
              minimum = "0",
              maximum = "128",
              defaultValue = "48")
          Integer prefixV6,
      @JsonProperty("max_length") @Schema(description = "truncate: characters kept", minimum = "1")
          Integer maxLength,
      @Schema(description = "extract: JSON path into the field, e.g. $.user.id", minLength = 1)
          String path,
      @Schema(description = "extract: the new field's name", minLength = 1) String as,
      @Schema(
              description = "timestamp_format: the output format",
              allowableValues = {"iso8601", "epoch_millis"})
          String format) {}
}
