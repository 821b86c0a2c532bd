package io.dataexporter.worker.source;

import java.util.Locale;

/**
 * How a source column is rendered. Decided from the result set's type names, so datasets need no
 * type configuration. Values handed to writers: STRING/TIMESTAMP/JSON as String (JSON is raw JSON
 * text), INTEGER as Long, DECIMAL as Double or BigDecimal, BOOLEAN as Boolean.
 */
public enum ColumnKind {
  STRING,
  TIMESTAMP,
  LOCAL_TIMESTAMP,
  INTEGER,
  DOUBLE,
  DECIMAL,
  BOOLEAN,
  JSON,
  /**
   * A value taken out of JSON by a transformation: JSON text; a JSON string is plain text in CSV.
   */
  JSON_VALUE;

  static ColumnKind ofPostgresType(String typeName) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "timestamptz" -> TIMESTAMP;
      case "timestamp" -> LOCAL_TIMESTAMP;
      case "int2", "int4", "int8", "serial", "bigserial", "oid" -> INTEGER;
      case "float4", "float8" -> DOUBLE;
      case "numeric" -> DECIMAL;
      case "bool" -> BOOLEAN;
      case "json", "jsonb" -> JSON;
      default -> STRING;
    };
  }
}
