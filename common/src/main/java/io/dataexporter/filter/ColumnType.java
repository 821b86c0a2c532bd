package io.dataexporter.filter;

import static io.dataexporter.filter.FilterOperator.CONTAINS;
import static io.dataexporter.filter.FilterOperator.EQ;
import static io.dataexporter.filter.FilterOperator.GT;
import static io.dataexporter.filter.FilterOperator.GTE;
import static io.dataexporter.filter.FilterOperator.IN;
import static io.dataexporter.filter.FilterOperator.IS_NULL;
import static io.dataexporter.filter.FilterOperator.LT;
import static io.dataexporter.filter.FilterOperator.LTE;
import static io.dataexporter.filter.FilterOperator.NE;
import static io.dataexporter.filter.FilterOperator.NOT_IN;
import static io.dataexporter.filter.FilterOperator.PREFIX;
import static io.dataexporter.filter.FilterOperator.WITHIN;

import java.util.List;
import java.util.Locale;

/**
 * What a filter compares a column as, decided from its PostgreSQL type name. Types without a
 * category of their own (uuid, date, arrays, ...) are compared by their text form.
 */
public enum ColumnType {
  INTEGER(List.of(EQ, NE, IN, NOT_IN, GT, GTE, LT, LTE, IS_NULL)),
  NUMBER(List.of(EQ, NE, IN, NOT_IN, GT, GTE, LT, LTE, IS_NULL)),
  TEXT(List.of(EQ, NE, IN, NOT_IN, GT, GTE, LT, LTE, PREFIX, CONTAINS, IS_NULL)),
  TIMESTAMP(List.of(EQ, NE, IN, NOT_IN, GT, GTE, LT, LTE, IS_NULL)),
  BOOLEAN(List.of(EQ, NE, IN, NOT_IN, IS_NULL)),
  INET(List.of(EQ, NE, IN, NOT_IN, IS_NULL, WITHIN)),
  /** The whole column takes {@code is_null} only; a dotted path into it takes {@link #PATH}. */
  JSON(List.of(IS_NULL));

  /** The operators of a dotted path into a JSON column. */
  public static final List<FilterOperator> PATH =
      List.of(EQ, NE, IN, NOT_IN, GT, GTE, LT, LTE, PREFIX, CONTAINS, IS_NULL);

  private final List<FilterOperator> operators;

  ColumnType(List<FilterOperator> operators) {
    this.operators = operators;
  }

  public List<FilterOperator> operators() {
    return operators;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category of a {@code pg_type.typname}. */
  public static ColumnType of(String typeName) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "int2", "int4", "int8" -> INTEGER;
      case "float4", "float8", "numeric" -> NUMBER;
      case "timestamptz", "timestamp" -> TIMESTAMP;
      case "bool" -> BOOLEAN;
      case "inet", "cidr" -> INET;
      case "json", "jsonb" -> JSON;
      default -> TEXT;
    };
  }

  /**
   * Whether the column's own text operators apply, or it is compared as {@code CAST(.. AS text)}.
   */
  static boolean isText(String typeName) {
    return switch (typeName.toLowerCase(Locale.ROOT)) {
      case "text", "varchar", "bpchar", "name" -> true;
      default -> false;
    };
  }
}
