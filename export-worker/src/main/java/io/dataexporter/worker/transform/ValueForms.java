package io.dataexporter.worker.transform;

import io.dataexporter.worker.source.ColumnKind;
import java.math.BigDecimal;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two forms a value takes when a step reads it as something else than its own kind: its text,
 * as a CSV cell shows it, and its JSON, as a JSON file shows it.
 */
final class ValueForms {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ValueForms() {}

  /**
   * The text of a non-null value as written in a CSV file: text as is, timestamps in ISO-8601 UTC,
   * numbers as Java prints them (decimals in plain notation), booleans {@code true}/{@code false},
   * JSON columns as their JSON text, an extracted JSON string as its plain text.
   */
  static String text(Object value, ColumnKind kind) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (kind == ColumnKind.JSON_VALUE && value instanceof String s && s.startsWith("\"")) {
      return JSON.readTree(s).stringValue();
    }
    return value.toString();
  }

  /** The JSON text of a non-null value, as a JSON file writes it. */
  static String json(Object value, ColumnKind kind) {
    return switch (kind) {
      case JSON, JSON_VALUE -> (String) value;
      case INTEGER, BOOLEAN -> value.toString();
      case DECIMAL -> ((BigDecimal) value).toPlainString();
      case DOUBLE ->
          Double.isFinite((Double) value)
              ? value.toString()
              : JSON.writeValueAsString(value.toString());
      default -> JSON.writeValueAsString(value.toString());
    };
  }

  /** The JSON text of a scalar from a step's request form (String, Long, Double, Boolean). */
  static String json(Object scalar) {
    return JSON.writeValueAsString(scalar);
  }
}
