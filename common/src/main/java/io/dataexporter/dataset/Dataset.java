package io.dataexporter.dataset;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exportable table. Column types are read from the result set at run time, so adding a table is
 * configuration only.
 *
 * @param name data type name used in requests and file names (e.g. {@code logs})
 * @param table table name, optionally schema-qualified ({@code public.logs})
 * @param idColumn unique, ordered column breaking ties within the same time value
 * @param timeColumn timestamp column that date ranges and shards apply to
 * @param processColumn column the {@code processes} filter matches exactly, or null if none
 * @param columns exported columns, in output order
 * @param ruleSet whose validation rules apply (logs, anomalies, ips); defaults to the name, and a
 *     name without rules of its own gets the generic ones
 * @param descriptions per column, what it holds (for the data card); columns without one are absent
 */
public record Dataset(
    String name,
    String table,
    String idColumn,
    String timeColumn,
    String processColumn,
    List<String> columns,
    String ruleSet,
    Map<String, String> descriptions) {

  public Dataset {
    columns = List.copyOf(columns);
    descriptions =
        descriptions == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(descriptions));
    ruleSet = ruleSet == null || ruleSet.isBlank() ? name : ruleSet;
    if (!columns.contains(idColumn) || !columns.contains(timeColumn)) {
      throw new IllegalArgumentException(
          "dataset " + name + ": columns must include id and time columns");
    }
  }

  public Dataset(
      String name,
      String table,
      String idColumn,
      String timeColumn,
      String processColumn,
      List<String> columns,
      String ruleSet) {
    this(name, table, idColumn, timeColumn, processColumn, columns, ruleSet, null);
  }

  public Dataset(
      String name,
      String table,
      String idColumn,
      String timeColumn,
      String processColumn,
      List<String> columns) {
    this(name, table, idColumn, timeColumn, processColumn, columns, null, null);
  }

  /** What the column holds, or null when the configuration does not say. */
  public String description(String column) {
    return descriptions.get(column);
  }

  public boolean hasProcessColumn() {
    return processColumn != null && !processColumn.isBlank();
  }

  /** The table as a quoted SQL identifier. */
  public String sqlTable() {
    String[] parts = table.split("\\.", 2);
    return parts.length == 2 ? quote(parts[0]) + "." + quote(parts[1]) : quote(table);
  }

  /** A column name as a quoted SQL identifier. */
  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
