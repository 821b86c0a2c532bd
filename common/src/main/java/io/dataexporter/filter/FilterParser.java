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
      ColumnTarget target = target(dataset, key, typesOf.apply(type));
      for (Map.Entry<FilterOperator, JsonNode> op : operations(condition).entrySet()) {
        conditions.get(type).add(WriteCondition.of(target, key, op.getKey(), op.getValue()));
      }
    } catch (Refused e) {
      errors.add(new FieldError(field, e.getMessage()));
    }
  }

  private static ColumnTarget target(Dataset dataset, String key, Map<String, String> types) {
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
    return new ColumnTarget(column, typeName, type, path);
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

  static String wires(List<FilterOperator> ops) {
    return ops.stream().map(FilterOperator::wire).collect(Collectors.joining(", ", "[", "]"));
  }
}
