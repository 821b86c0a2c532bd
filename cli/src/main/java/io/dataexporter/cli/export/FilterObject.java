package io.dataexporter.cli.export;

import io.dataexporter.cli.console.UsageProblem;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the API's {@code filters} object from a base (a {@code --filters-file}, or the filters a
 * schedule already has) and {@code --filter} conditions. Conditions on one column become one
 * operator object; a condition's operator replaces the same operator of the base; a column whose
 * first dotted segment is one of the request's data types goes under that type (the per-type form).
 */
final class FilterObject {
  private FilterObject() {}

  /**
   * @param base the filters to start from (not changed), or null
   * @param dataTypes the request's data types
   * @throws UsageProblem when two conditions give one column the same operator, or the base's entry
   *     for a data type is not an object
   */
  static ObjectNode merge(
      ObjectNode base, List<FilterCondition> conditions, List<String> dataTypes) {
    ObjectNode filters = base == null ? JsonNodeFactory.instance.objectNode() : base.deepCopy();
    Set<String> given = new HashSet<>();
    for (FilterCondition condition : conditions) {
      String column = condition.column();
      ObjectNode target = filters;
      int dot = column.indexOf('.');
      if (dot > 0 && dataTypes.contains(column.substring(0, dot))) {
        String type = column.substring(0, dot);
        column = column.substring(dot + 1);
        JsonNode perType = filters.get(type);
        if (perType == null) {
          target = filters.putObject(type);
        } else if (perType instanceof ObjectNode object) {
          target = object;
        } else {
          throw new UsageProblem(
              "--filter: the filters' entry for data type " + type + " is not an object");
        }
      }
      String where = (target == filters ? "" : condition.column().substring(0, dot + 1)) + column;
      if (!given.add(where + " " + condition.operator())) {
        throw new UsageProblem(
            "--filter: " + where + " has '" + condition.operator() + "' twice; give it once");
      }
      ObjectNode operators = operators(target.get(column));
      operators.set(condition.operator(), condition.value());
      target.set(column, operators);
    }
    return filters;
  }

  /** A condition as an operator object: a scalar is {@code eq}, an array {@code in}. */
  private static ObjectNode operators(JsonNode condition) {
    ObjectNode operators = JsonNodeFactory.instance.objectNode();
    if (condition == null) {
      return operators;
    }
    if (condition instanceof ObjectNode object) {
      return object.deepCopy();
    }
    operators.set(condition.isArray() ? "in" : "eq", condition);
    return operators;
  }
}
