package io.dataexporter.filter;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.PermanentException;
import io.dataexporter.filter.FilterValues.Refused;
import io.dataexporter.job.ExportRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request's {@code filters} into the conditions each requested data type applies. A
 * top-level key that names a data type holds that type's own {@code {column: condition}}; any other
 * key is a column (or a dotted path into a JSON column) applied to every requested type that has
 * it. A condition is a scalar ({@code eq}), an array ({@code in}) or an object of operators, all of
 * which must hold. Values are checked against the column's type in the source database's catalog;
 * every problem is reported at {@code filters.<type>.<column>} ({@code filters.<key>} when no
 * requested type has the column, or a per-type key is not requested).
 */
public final class FilterParser {
  /** Most keys a dotted path may have after the column ({@code metadata.a.b} has two). */
  public static final int MAX_PATH_DEPTH = 8;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DatasetRegistry datasets;
  private final ColumnTypes columnTypes;

  public FilterParser(DatasetRegistry datasets, ColumnTypes columnTypes) {
    this.datasets = datasets;
    this.columnTypes = columnTypes;
  }

  /** The catalog this parser types columns by. */
  public ColumnTypes columnTypes() {
    return columnTypes;
  }

  /**
   * Per requested data type (each present, possibly with no conditions), its conditions in request
   * order; problems are added to {@code errors}.
   *
   * @throws io.dataexporter.error.TransientException when the catalog cannot be read
   */
  public Map<String, List<FilterCondition>> parse(
      JsonNode filters, List<String> dataTypes, List<FieldError> errors) {
    Map<String, List<FilterCondition>> conditions = new LinkedHashMap<>();
    dataTypes.forEach(t -> conditions.put(t, new ArrayList<>()));
    if (filters == null || filters.isNull()) {
      return conditions;
    }
    if (!filters.isObject()) {
      errors.add(new FieldError("filters", "must be an object"));
      return conditions;
    }
    Map<String, Map<String, String>> types = new HashMap<>();
    Function<String, Map<String, String>> typesOf =
        type -> types.computeIfAbsent(type, t -> columnTypes.of(datasets.get(t)));
    for (Map.Entry<String, JsonNode> entry : filters.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (datasets.contains(key)) {
        if (!dataTypes.contains(key)) {
          errors.add(
              new FieldError(
                  "filters." + key,
                  "names data type " + key + ", which is not among the requested " + dataTypes));
        } else if (!value.isObject()) {
          errors.add(
              new FieldError(
                  "filters." + key, "must be an object of {column: condition} for " + key));
        } else {
          for (Map.Entry<String, JsonNode> column : value.properties()) {
            resolve(key, column.getKey(), column.getValue(), typesOf, conditions, errors);
          }
        }
        continue;
      }
      List<String> having =
          dataTypes.stream().filter(t -> hasColumn(datasets.get(t), key)).toList();
      if (having.isEmpty()) {
        errors.add(
            new FieldError(
                "filters." + key,
                "is neither a column of the requested data types "
                    + dataTypes
                    + " nor a data type name"));
      }
      for (String type : having) {
        resolve(type, key, value, typesOf, conditions, errors);
      }
    }
    return conditions;
  }

  /**
   * The conditions of one dataset of a stored request, whose filters were checked when it was
   * submitted.
   *
   * @throws PermanentException when they no longer fit the source table (its columns changed)
   */
  public List<FilterCondition> conditions(ExportRequest request, Dataset dataset) {
    if (request.filters().isEmpty()) {
      return List.of();
    }
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<FilterCondition>> all =
        parse(JSON.valueToTree(request.filters()), request.dataTypes(), errors);
    if (!errors.isEmpty()) {
      throw new PermanentException(
          "the export's filters no longer fit the source tables: "
              + errors.stream()
                  .map(e -> e.field() + " " + e.message())
                  .collect(Collectors.joining("; ")));
    }
    return all.getOrDefault(dataset.name(), List.of());
  }

  private static boolean hasColumn(Dataset dataset, String key) {
    int dot = key.indexOf('.');
    return dataset.columns().contains(key)
        || (dot > 0 && dataset.columns().contains(key.substring(0, dot)));
  }

  private void resolve(
      String type,
      String key,
      JsonNode condition,
      Function<String, Map<String, String>> typesOf,
      Map<String, List<FilterCondition>> conditions,
      List<FieldError> errors) {
    String field = "filters." + type + "." + key;
    try {
      Dataset dataset = datasets.get(type);
      Target target = target(dataset, key, typesOf.apply(type));
      for (Map.Entry<FilterOperator, JsonNode> op : operations(condition).entrySet()) {
        conditions.get(type).add(condition(target, key, op.getKey(), op.getValue()));
      }
    } catch (Refused e) {
      errors.add(new FieldError(field, e.getMessage()));
    }
  }

  /** What a key addresses: a column with its type, and for a JSON column the path into it. */
  private record Target(String column, String typeName, ColumnType type, List<String> path) {
    String quoted() {
      return Dataset.quote(column);
    }
  }

  private static Target target(Dataset dataset, String key, Map<String, String> types) {
    String column = key;
    List<String> path = List.of();
    if (!dataset.columns().contains(key)) {
      int dot = key.indexOf('.');
      column = dot > 0 ? key.substring(0, dot) : key;
      if (dot < 0 || !dataset.columns().contains(column)) {
        throw new Refused("is not a column of " + dataset.name() + " " + dataset.columns());
      }
      path = Arrays.asList(key.substring(dot + 1).split("\\.", -1));
    }
    String typeName = types.get(column);
    if (typeName == null) {
      throw new Refused("column " + column + " is not in the source table " + dataset.table());
    }
    ColumnType type = ColumnType.of(typeName);
    if (!path.isEmpty()) {
      if (type != ColumnType.JSON) {
        throw new Refused("a dotted path needs a JSON column; " + column + " is " + type.wire());
      }
      if (path.size() > MAX_PATH_DEPTH) {
        throw new Refused("the JSON path is deeper than " + MAX_PATH_DEPTH + " keys");
      }
      if (path.stream().anyMatch(String::isEmpty)) {
        throw new Refused("the JSON path has an empty key");
      }
    }
    return new Target(column, typeName, type, path);
  }

  /** A scalar is eq, an array in, an object its operators (at least one, all known). */
  private static Map<FilterOperator, JsonNode> operations(JsonNode condition) {
    Map<FilterOperator, JsonNode> ops = new LinkedHashMap<>();
    if (condition == null || condition.isNull()) {
      throw new Refused("must not be null; use {\"is_null\": true} for rows without a value");
    }
    if (condition.isArray()) {
      ops.put(FilterOperator.IN, condition);
    } else if (condition.isObject()) {
      if (condition.isEmpty()) {
        throw new Refused(
            "must have at least one operator " + wires(List.of(FilterOperator.values())));
      }
      for (Map.Entry<String, JsonNode> entry : condition.properties()) {
        FilterOperator op =
            FilterOperator.fromWire(entry.getKey())
                .orElseThrow(
                    () ->
                        new Refused(
                            "unknown operator '"
                                + entry.getKey()
                                + "'; known: "
                                + wires(List.of(FilterOperator.values()))));
        if (entry.getValue().isNull()) {
          throw new Refused(op.wire() + " must not be null");
        }
        ops.put(op, entry.getValue());
      }
    } else {
      ops.put(FilterOperator.EQ, condition);
    }
    return ops;
  }

  private static FilterCondition condition(
      Target target, String key, FilterOperator op, JsonNode value) {
    List<FilterOperator> allowed =
        target.path().isEmpty() ? target.type().operators() : ColumnType.PATH;
    if (!allowed.contains(op)) {
      throw new Refused(
          op.wire()
              + " does not apply to "
              + (target.path().isEmpty() ? target.type().wire() + " columns" : "JSON paths")
              + "; use one of "
              + wires(allowed));
    }
    Object asSent = JSON.convertValue(value, Object.class);
    if (op == FilterOperator.IS_NULL) {
      if (!value.isBoolean()) {
        throw new Refused("is_null must be true or false");
      }
      String expression = target.path().isEmpty() ? target.quoted() : null;
      List<Object> sql = new ArrayList<>();
      if (expression != null) {
        sql.add(expression);
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

  private static Typed columnValues(Target target, FilterOperator op, List<JsonNode> items) {
    List<String> texts = new ArrayList<>();
    String typeName = target.typeName().toLowerCase(java.util.Locale.ROOT);
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
  private static Typed pathValues(Target target, FilterOperator op, List<JsonNode> items) {
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
  private static List<Object> pathText(Target target) {
    return List.of("(" + target.quoted() + " #>> ", SqlValue.list("text", target.path()), ")");
  }

  private static String where(FilterOperator op, int index) {
    return op.takesList() ? op.wire() + "[" + index + "] " : op.wire() + " ";
  }

  private static String wires(List<FilterOperator> ops) {
    return ops.stream().map(FilterOperator::wire).collect(Collectors.joining(", ", "[", "]"));
  }
}
