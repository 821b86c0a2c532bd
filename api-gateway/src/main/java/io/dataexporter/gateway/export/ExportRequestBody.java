package io.dataexporter.gateway.export;

import com.fasterxml.jackson.annotation.JsonInclude;
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
            description =
                "JSON files become {\"metadata\": ..., \"records\": [...]}; Parquet files carry"
                    + " the metadata as key-value metadata data_exporter.metadata; CSV and JSON"
                    + " Lines files are unchanged",
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
            allowableValues = {"json", "jsonl", "csv", "parquet"},
            defaultValue = "json")
        String outputFormat,
    @Schema(
            description =
                "the files' codec: true (gzip), false (none), \"gzip\", \"zstd\", \"snappy\""
                    + " or \"none\". For parquet it compresses the pages inside each file:"
                    + " absent or false is snappy, \"none\" uncompressed pages; snappy is for"
                    + " parquet only",
            types = {"boolean", "string"})
        Object compression,
    @JsonProperty("compression_level")
        @Schema(
            description =
                "the codec's level: gzip 1-9, zstd 1-19 (snappy has none); only with a codec"
                    + " (default: the worker's configured level)",
            types = {"integer", "null"})
        Integer compressionLevel,
    @JsonProperty("csv_escape_formulas")
        @Schema(
            description =
                "CSV text cells starting with =, +, -, @, tab or carriage return get a leading '"
                    + " (spreadsheet formula injection); numbers are never changed. CSV only:"
                    + " other formats are unchanged",
            defaultValue = "false")
        Boolean csvEscapeFormulas,
    @Schema(
            description =
                "encrypt every data and rejected file, after compression, as an OpenPGP message"
                    + " to these public keys (suffix .pgp)",
            types = {"object", "null"})
        EncryptionRequest encryption,
    @JsonProperty("max_file_size")
        @Schema(
            description =
                "the largest a data file may be, as stored: a type's output becomes files"
                    + " {type}/part-NNNNN.{ext}, each at most this size. A number of bytes or"
                    + " text such as \"256MB\" (B, KB, MB, GB, TB decimal; KiB, MiB, GiB, TiB"
                    + " binary); from 1000 bytes to 5 TiB. Echoed as sent",
            types = {"string", "integer", "null"},
            example = "256MB")
        Object maxFileSize,
    @JsonProperty("partition_by")
        @Schema(
            description =
                "Hive-style folders by each type's time column in UTC: {type}/date=2024-01-01/"
                    + " (day), .../hour=05/ (hour), {type}/month=2024-01/ (month); rows without"
                    + " a time go to date=__null__",
            allowableValues = {"hour", "day", "month"},
            types = {"string", "null"})
        String partitionBy,
    @Schema(
            description =
                "a deterministic sample of each type's rows: the same request keeps the same"
                    + " rows, a larger fraction a superset",
            types = {"object", "null"})
        SampleRequest sample,
    @Schema(
            description =
                "deterministic named splits, each written under {split}/; a row's split depends"
                    + " only on its key, the seed and the ratios",
            types = {"object", "null"})
        SplitRequest split,
    @Schema(
            description =
                "row filters: {column: condition} for every requested data type with that"
                    + " column, and/or {data_type: {column: condition}}. A condition is a value"
                    + " (eq), an array (in) or an object of operators eq, ne, in, not_in, gt, gte,"
                    + " lt, lte, prefix, contains, is_null, within (all must hold); a JSON column"
                    + " takes a dotted path (metadata.user.id). Typed by the source table's"
                    + " columns (GET /api/v1/datasets); NULL matches only is_null: true",
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

  /**
   * {@code sample}: exactly one of {@code fraction} and {@code rows}. Echoed with the seed ({@code
   * ""} when none was sent) and the key (null: each type's id column).
   */
  @Schema(
      name = "SampleRequest",
      description =
          "keeps a row when the keyed hash of its key falls under the threshold; exactly one of"
              + " fraction and rows")
  public record SampleRequest(
      @JsonInclude(JsonInclude.Include.NON_NULL)
          @Schema(description = "share of rows kept, above 0 and at most 1", example = "0.1")
          Double fraction,
      @JsonInclude(JsonInclude.Include.NON_NULL)
          @Schema(
              description = "rows kept per data type (met within 1 %)",
              minimum = "1",
              maximum = "1000000000000",
              example = "100000")
          Long rows,
      @Schema(
              description = "any text; other seeds give other samples (default \"\")",
              maxLength = 200,
              example = "2024-q1")
          String seed,
      @Schema(
              description = KEY_DESCRIPTION,
              types = {"string", "null"},
              example = "id")
          String key) {}

  /** {@code split}: ratios summing to 1, echoed with the seed and key as for a sample. */
  @Schema(
      name = "SplitRequest",
      description =
          "a row goes to the split whose share of the hash range holds the keyed hash of its"
              + " key; ranges are laid out in split-name order",
      requiredProperties = {"ratios"})
  public record SplitRequest(
      @Schema(
              description =
                  "1 to 10 split names (a letter or _, then up to 31 letters, digits or _; not"
                      + " rejected or parts) to ratios above 0 and at most 1, summing to 1",
              requiredMode = Schema.RequiredMode.REQUIRED,
              minProperties = 1,
              maxProperties = 10,
              example = "{\"train\": 0.8, \"validation\": 0.1, \"test\": 0.1}")
          Map<String, Double> ratios,
      @Schema(
              description =
                  KEY_DESCRIPTION + "; a grouping column (host) keeps each group in one split",
              types = {"string", "null"},
              example = "host")
          String key,
      @Schema(
              description = "any text; other seeds give other splits (default \"\")",
              maxLength = 200)
          String seed) {}

  static final String KEY_DESCRIPTION =
      "the column whose value is hashed (default: each type's id column): a column of every"
          + " requested data type, of an integer, text, uuid, inet, boolean or date type";

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
              + " timestamp_format {format, fields}; concat {fields, separator, to}; map {field,"
              + " values, default}; coalesce {fields, to}; case {field, to}; regex_replace {field,"
              + " pattern, replacement}; cast {field, to}")
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
                "timestamp_format",
                "concat",
                "map",
                "coalesce",
                "case",
                "regex_replace",
                "cast"
              })
          String op,
      @ArraySchema(
              arraySchema =
                  @Schema(
                      description =
                          "fields, drop, timestamp_format, concat, coalesce (at most 50): field"
                              + " names"),
              minItems = 1,
              schema = @Schema(type = "string", minLength = 1))
          List<String> fields,
      @Schema(description = "rename: the field to rename", minLength = 1) String from,
      @Schema(
              description =
                  "rename: its new name; concat, coalesce: the field written (an existing one is"
                      + " replaced in place, a new one appended); case: lower or upper; cast:"
                      + " text, integer, float or boolean",
              minLength = 1)
          String to,
      @Schema(
              description =
                  "mask_ip, hash, truncate, extract, map, case, regex_replace, cast: the field",
              minLength = 1)
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
          String format,
      @Schema(description = "concat: put between values", maxLength = 1000, defaultValue = "")
          String separator,
      @Schema(
              description =
                  "map: a value's text to its replacement (a string, number, boolean or null);"
                      + " at most 1000 entries",
              additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
          Map<String, Object> values,
      @JsonProperty("default")
          @Schema(
              description =
                  "map: the replacement of a value with no entry, NULL included (absent: such"
                      + " values are kept)",
              types = {"string", "number", "boolean", "null"})
          Object defaultValue,
      @JsonProperty("case")
          @Schema(
              description = "case: accepted for 'to'",
              allowableValues = {"lower", "upper"})
          String casing,
      @Schema(
              description = "regex_replace: an RE2 regular expression",
              minLength = 1,
              maxLength = 1000)
          String pattern,
      @Schema(
              description =
                  "regex_replace: the text for each match; $1 or ${name} insert a group, \\$ a"
                      + " dollar",
              maxLength = 1000)
          String replacement) {}
}
