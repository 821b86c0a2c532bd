package io.dataexporter.gateway.export;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.filter.ColumnTypes;
import io.dataexporter.job.FileSize;
import io.dataexporter.job.FileSizes;
import io.dataexporter.job.PartitionBy;
import io.dataexporter.job.RowHash;
import io.dataexporter.job.Sample;
import io.dataexporter.job.Split;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Reads the request's dataset options, {@code sample}, {@code split}, {@code max_file_size} and
 * {@code partition_by}, adding a {@link FieldError} per problem. A {@code key} must be a column of
 * every requested data type whose text is stable (so that its hash is): integers, text, uuid, inet,
 * boolean or date, as the source database's catalog types it.
 */
final class DatasetOptionsParser {
  /** The most rows a sample may ask for. */
  static final long MAX_SAMPLE_ROWS = 1_000_000_000_000L;

  static final int MAX_SEED_LENGTH = 200;
  static final int MAX_SPLITS = 10;
  static final Pattern SPLIT_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,31}$");

  /** Folder names an export uses itself, refused as split names (any case). */
  private static final Set<String> RESERVED_SPLITS = Set.of("rejected", "parts");

  /** PostgreSQL types whose text form is stable, so a key of them hashes the same every time. */
  static final Set<String> KEY_TYPES =
      Set.of(
          "int2", "int4", "int8", "text", "varchar", "bpchar", "uuid", "inet", "cidr", "bool",
          "date");

  private final DatasetRegistry datasets;
  private final ColumnTypes columnTypes;

  DatasetOptionsParser(DatasetRegistry datasets, ColumnTypes columnTypes) {
    this.datasets = datasets;
    this.columnTypes = columnTypes;
  }

  /** The options read from {@code body}, all null when absent. */
  record Options(Sample sample, Split split, FileSize maxFileSize, PartitionBy partitionBy) {}

  Options read(JsonNode body, List<String> dataTypes, List<FieldError> errors) {
    return new Options(
        sample(body.get("sample"), dataTypes, errors),
        split(body.get("split"), dataTypes, errors),
        maxFileSize(body.get("max_file_size"), errors),
        partitionBy(body.get("partition_by"), errors));
  }

  private Sample sample(JsonNode node, List<String> dataTypes, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(
          new FieldError(
              "sample", "must be an object {\"fraction\": 0.1} or {\"rows\": 100000}, with seed"));
      return null;
    }
    int before = errors.size();
    unknownMembers("sample", node, Set.of("fraction", "rows", "seed", "key"), errors);
    JsonNode fraction = present(node.get("fraction"));
    JsonNode rows = present(node.get("rows"));
    if ((fraction == null) == (rows == null)) {
      errors.add(new FieldError("sample", "needs exactly one of fraction and rows"));
    }
    if (fraction != null
        && (!fraction.isNumber() || !(fraction.doubleValue() > 0) || fraction.doubleValue() > 1)) {
      errors.add(new FieldError("sample.fraction", "must be a number above 0 and at most 1"));
    }
    if (rows != null
        && (!rows.isIntegralNumber()
            || !rows.canConvertToLong()
            || rows.longValue() < 1
            || rows.longValue() > MAX_SAMPLE_ROWS)) {
      errors.add(new FieldError("sample.rows", "must be an integer from 1 to " + MAX_SAMPLE_ROWS));
    }
    String seed = seed("sample.seed", node.get("seed"), errors);
    String key = key("sample.key", node.get("key"), dataTypes, errors);
    if (errors.size() > before) {
      return null;
    }
    return new Sample(
        fraction == null ? null : fraction.doubleValue(),
        rows == null ? null : rows.longValue(),
        seed,
        key);
  }

  private Split split(JsonNode node, List<String> dataTypes, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(
          new FieldError(
              "split", "must be an object {\"ratios\": {\"train\": 0.8, \"test\": 0.2}, ...}"));
      return null;
    }
    int before = errors.size();
    unknownMembers("split", node, Set.of("ratios", "key", "seed"), errors);
    Map<String, Double> ratios = ratios(node.get("ratios"), errors);
    String seed = seed("split.seed", node.get("seed"), errors);
    String key = key("split.key", node.get("key"), dataTypes, errors);
    return errors.size() > before ? null : new Split(ratios, key, seed);
  }

  private static Map<String, Double> ratios(JsonNode node, List<FieldError> errors) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      errors.add(new FieldError("split.ratios", "is required"));
      return ratios;
    }
    if (!node.isObject() || node.isEmpty() || node.size() > MAX_SPLITS) {
      errors.add(
          new FieldError(
              "split.ratios",
              "must be an object of 1 to " + MAX_SPLITS + " split names to ratios"));
      return ratios;
    }
    boolean numbers = true;
    Set<String> seen = new java.util.HashSet<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      String field = "split.ratios." + name;
      JsonNode ratio = entry.getValue();
      if (!SPLIT_NAME.matcher(name).matches()) {
        errors.add(
            new FieldError(
                field, "a split name is a letter or _ then up to 31 letters, digits or _"));
      } else if (RESERVED_SPLITS.contains(name.toLowerCase(Locale.ROOT))) {
        errors.add(new FieldError(field, "is a folder name the export uses itself"));
      } else if (!seen.add(name.toLowerCase(Locale.ROOT))) {
        errors.add(new FieldError(field, "differs from another split's name only in case"));
      }
      if (!ratio.isNumber() || !(ratio.doubleValue() > 0) || ratio.doubleValue() > 1) {
        errors.add(new FieldError(field, "must be a number above 0 and at most 1"));
        numbers = false;
      } else {
        ratios.put(name, ratio.doubleValue());
      }
    }
    if (numbers) {
      double sum = ratios.values().stream().mapToDouble(Double::doubleValue).sum();
      if (Math.abs(sum - 1) > 1e-9) {
        errors.add(
            new FieldError(
                "split.ratios",
                "must sum to 1, not "
                    + new BigDecimal(sum)
                        .round(new MathContext(12))
                        .stripTrailingZeros()
                        .toPlainString()));
      }
    }
    return ratios;
  }

  private static FileSize maxFileSize(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    String problem =
        "must be a size from "
            + FileSize.MIN
            + " bytes to 5TiB: a number of bytes or text such as \"256MB\" (B, KB, MB, GB, TB,"
            + " KiB, MiB, GiB, TiB)";
    long bytes;
    Object wire;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      bytes = node.longValue();
      wire = bytes;
    } else if (node.isString()) {
      try {
        bytes = FileSizes.parse(node.stringValue());
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError("max_file_size", problem));
        return null;
      }
      wire = node.stringValue();
    } else {
      errors.add(new FieldError("max_file_size", problem));
      return null;
    }
    if (bytes < FileSize.MIN || bytes > FileSize.MAX) {
      errors.add(new FieldError("max_file_size", problem));
      return null;
    }
    return new FileSize(bytes, wire);
  }

  private static PartitionBy partitionBy(JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    for (PartitionBy value : PartitionBy.values()) {
      if (node.isString() && node.stringValue().equals(value.wire())) {
        return value;
      }
    }
    errors.add(new FieldError("partition_by", "must be one of [hour, day, month]"));
    return null;
  }

  private static String seed(String field, JsonNode node, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isString()
        || node.stringValue().length() > MAX_SEED_LENGTH
        || node.stringValue().indexOf(RowHash.SEPARATOR) >= 0) {
      errors.add(
          new FieldError(
              field, "must be text of at most " + MAX_SEED_LENGTH + " characters without U+001F"));
      return "";
    }
    return node.stringValue();
  }

  /**
   * A key column: a plain column of every requested type, of a type with a stable text form; null
   * when absent (each type's id column).
   */
  private String key(String field, JsonNode node, List<String> dataTypes, List<FieldError> errors) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString() || node.stringValue().isEmpty()) {
      errors.add(new FieldError(field, "must be a column name"));
      return null;
    }
    String column = node.stringValue();
    if (column.contains(".")) {
      errors.add(
          new FieldError(field, "must be a column, not a path into a JSON column: " + column));
      return null;
    }
    for (String type : dataTypes) {
      String sqlType = columnTypes.of(datasets.get(type)).get(column);
      if (sqlType == null) {
        errors.add(new FieldError(field, "'" + column + "' is not a column of " + type));
      } else if (!KEY_TYPES.contains(sqlType)) {
        errors.add(
            new FieldError(
                field,
                "'"
                    + column
                    + "' of "
                    + type
                    + " is "
                    + sqlType
                    + "; a key is an integer, text, uuid, inet, boolean or date column"));
      }
    }
    return column;
  }

  private static void unknownMembers(
      String field, JsonNode node, Set<String> known, List<FieldError> errors) {
    for (String member : node.propertyNames()) {
      if (!known.contains(member)) {
        errors.add(new FieldError(field + "." + member, "is not a known field"));
      }
    }
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }
}
