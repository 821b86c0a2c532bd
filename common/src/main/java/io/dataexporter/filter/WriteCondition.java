package io.dataexporter.filter;

import io.dataexporter.filter.FilterValues.Refused;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes one operator's condition on a column or JSON path: the compared expression, the operator
 * and the value cast to the column's SQL type, e.g. {@code ("pid" >= CAST(? AS bigint))}; {@code
 * in} and {@code not_in} compare with {@code = ANY} / {@code <> ALL} of an array, so one parameter
 * serves any number of values and an index on the column still applies.
 */
final class WriteCondition {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private WriteCondition() {}

  static FilterCondition of(ColumnTarget target, String key, FilterOperator op, JsonNode value) {
    List<FilterOperator> allowed =
        target.path().isEmpty() ? target.type().operators() : ColumnType.PATH;
    if (!allowed.contains(op)) {
      throw new Refused(
          op.wire()
              + " does not apply to "
              + (target.path().isEmpty() ? target.type().wire() + " columns" : "JSON paths")
              + "; use one of "
              + FilterParser.wires(allowed));
    }
    Object asSent = JSON.convertValue(value, Object.class);
    if (op == FilterOperator.IS_NULL) {
      if (!value.isBoolean()) {
        throw new Refused("is_null must be true or false");
      }
      List<Object> sql = new ArrayList<>();
      if (target.path().isEmpty()) {
        sql.add(target.quoted());
      } else {
        sql.addAll(pathText(target));
      }
      sql.add(value.booleanValue() ? " IS NULL" : " IS NOT NULL");
      return new FilterCondition(key, op, asSent, sql);
    }
    List<JsonNode> items = new ArrayList<>();
    if (op.takesList()) {
      if (!value.isArray() || value.isEmpty() || value.size() > FilterOperator.MAX_LIST) {
        throw new Refused(
            op.wire()
                + " must be a non-empty array of at most "
                + FilterOperator.MAX_LIST
                + " values");
      }
      value.forEach(items::add);
    } else {
      if (value.isArray() || value.isObject()) {
        throw new Refused(op.wire() + " takes a single value");
      }
      items.add(value);
    }
    Typed typed =
        target.path().isEmpty() ? columnValues(target, op, items) : pathValues(target, op, items);
    SqlValue sqlValue =
        op.takesList()
            ? SqlValue.list(typed.sqlType(), typed.texts())
            : SqlValue.of(typed.sqlType(), typed.texts().get(0));
    List<Object> sql = new ArrayList<>(typed.expression());
    switch (op) {
      case EQ -> sql.add(" = ");
      case NE -> sql.add(" <> ");
      case GT -> sql.add(" > ");
      case GTE -> sql.add(" >= ");
      case LT -> sql.add(" < ");
      case LTE -> sql.add(" <= ");
      case IN -> sql.add(" = ANY (");
      case NOT_IN -> sql.add(" <> ALL (");
      case WITHIN -> sql.add(" <<= ");
      case PREFIX -> sql.add(0, "starts_with(");
      case CONTAINS -> sql.add(0, "strpos(");
      default -> throw new IllegalStateException(op.name());
    }
    if (op == FilterOperator.PREFIX || op == FilterOperator.CONTAINS) {
      sql.add(", ");
    }
    sql.add(sqlValue);
    switch (op) {
      case IN, NOT_IN, PREFIX -> sql.add(")");
      case CONTAINS -> sql.add(") > 0");
      default -> {}
    }
    return new FilterCondition(key, op, asSent, sql);
  }

  /** The expression compared, the type its values are cast to, and their texts. */
  private record Typed(List<Object> expression, String sqlType, List<String> texts) {}

  private static Typed columnValues(ColumnTarget target, FilterOperator op, List<JsonNode> items) {
    List<String> texts = new ArrayList<>();
    String typeName = target.typeName().toLowerCase(Locale.ROOT);
    String sqlType =
        switch (target.type()) {
          case INTEGER -> "bigint";
          case NUMBER -> typeName.equals("numeric") ? "numeric" : "float8";
          case TIMESTAMP -> typeName.equals("timestamp") ? "timestamp" : "timestamptz";
          case BOOLEAN -> "boolean";
          case INET -> "inet";
          case TEXT, JSON -> "text";
        };
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      try {
        texts.add(
            switch (target.type()) {
              case INTEGER -> FilterValues.integer(item, typeName);
              case NUMBER -> FilterValues.number(item, sqlType.equals("numeric"));
              case TIMESTAMP -> FilterValues.timestamp(item, sqlType.equals("timestamptz"));
              case BOOLEAN -> FilterValues.bool(item);
              case INET -> FilterValues.address(item);
              case TEXT, JSON -> FilterValues.text(item);
            });
      } catch (Refused e) {
        throw new Refused(where(op, i) + e.getMessage());
      }
    }
    String column = target.quoted();
    List<Object> expression =
        List.of(
            target.type() == ColumnType.TEXT && !ColumnType.isText(typeName)
                ? "CAST(" + column + " AS text)"
                : column);
    return new Typed(expression, sqlType, texts);
  }

  /**
   * Values at a JSON path compare as numbers when they are numbers (only JSON numbers there match),
   * as booleans when booleans (only JSON booleans match), else as the text at the path.
   */
  private static Typed pathValues(ColumnTarget target, FilterOperator op, List<JsonNode> items) {
    JsonNode first = items.get(0);
    String kind = first.isNumber() ? "number" : first.isBoolean() ? "boolean" : "string";
    if ((op == FilterOperator.PREFIX || op == FilterOperator.CONTAINS) && !kind.equals("string")) {
      throw new Refused(op.wire() + " must be a string");
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      try {
        texts.add(
            switch (kind) {
              case "number" -> {
                if (!item.isNumber()) {
                  throw new Refused("must be a number like the list's first value");
                }
                yield FilterValues.number(item, true);
              }
              case "boolean" -> FilterValues.bool(item);
              default -> FilterValues.text(item);
            });
      } catch (Refused e) {
        throw new Refused(where(op, i) + e.getMessage());
      }
    }
    if (kind.equals("string")) {
      return new Typed(pathText(target), "text", texts);
    }
    String cast = kind.equals("number") ? "numeric" : "boolean";
    String typeOf = target.typeName().equalsIgnoreCase("json") ? "json_typeof(" : "jsonb_typeof(";
    List<Object> expression = new ArrayList<>();
    expression.add("CASE WHEN " + typeOf + target.quoted() + " #> ");
    expression.add(SqlValue.list("text", target.path()));
    expression.add(") = '" + kind + "' THEN CAST(");
    expression.addAll(pathText(target));
    expression.add(" AS " + cast + ") END");
    expression.add(0, "(");
    expression.add(")");
    return new Typed(expression, cast, texts);
  }

  /** {@code ("col" #>> CAST(? AS text[]))}: the text at the path, NULL when absent or JSON null. */
  private static List<Object> pathText(ColumnTarget target) {
    return List.of("(" + target.quoted() + " #>> ", SqlValue.list("text", target.path()), ")");
  }

  private static String where(FilterOperator op, int index) {
    return op.takesList() ? op.wire() + "[" + index + "] " : op.wire() + " ";
  }
}
