package io.dataexporter.worker.assemble;

import io.dataexporter.worker.source.ColumnKind;

/**
 * One output field of a data type as the data card and {@code schema.json} describe it.
 *
 * @param name field name in the files
 * @param kind how its values are written
 * @param description what it holds (the dataset's description, or the transformation that made it),
 *     or null
 */
public record CardField(String name, ColumnKind kind, String description) {

  /** The Frictionless Table Schema type of the field. */
  public String frictionlessType() {
    return switch (kind) {
      case INTEGER -> "integer";
      case DOUBLE, DECIMAL -> "number";
      case TIMESTAMP, LOCAL_TIMESTAMP -> "datetime";
      case BOOLEAN -> "boolean";
      case JSON, JSON_VALUE -> "any";
      case STRING -> "string";
    };
  }

  /** The field's type in a Parquet file (logical type in parentheses). */
  public String parquetType() {
    return switch (kind) {
      case INTEGER -> "int64";
      case DOUBLE, DECIMAL -> "double";
      case TIMESTAMP -> "int64 (timestamp[us, UTC])";
      case LOCAL_TIMESTAMP -> "int64 (timestamp[us])";
      case BOOLEAN -> "boolean";
      case JSON, JSON_VALUE -> "binary (JSON)";
      case STRING -> "binary (string)";
    };
  }
}
