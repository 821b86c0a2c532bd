package io.dataexporter.dataset;

import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dataset registry as configuration ({@code exporter.datasets.<name>.*}); defaults for logs,
 * anomalies and ips live in {@code exporter-datasets.yml}.
 *
 * @param datasets entries by data type name
 */
@ConfigurationProperties("exporter")
public record DatasetProperties(Map<String, Entry> datasets) {

  /**
   * @param table table name, optionally schema-qualified
   * @param idColumn unique tie-breaker column
   * @param timeColumn timestamp column for ranges and shards
   * @param processColumn column for the process filter, or empty
   * @param columns exported columns in output order: each a name, or {@code {name, description}}
   * @param ruleSet validation rules to apply (logs, anomalies, ips); default: the entry's name
   */
  public record Entry(
      String table,
      String idColumn,
      String timeColumn,
      String processColumn,
      List<Column> columns,
      String ruleSet) {

    public List<String> columnNames() {
      return columns.stream().map(Column::name).toList();
    }

    /** Per column that has one, its description. */
    public Map<String, String> descriptions() {
      Map<String, String> map = new java.util.LinkedHashMap<>();
      columns.stream()
          .filter(c -> c.description() != null && !c.description().isBlank())
          .forEach(c -> map.put(c.name(), c.description().strip()));
      return map;
    }
  }

  /**
   * One exported column. In YAML either a plain name ({@code - host}, the older form) or {@code
   * {name: host, description: Machine that wrote the line}}.
   *
   * @param name column name
   * @param description what it holds, shown in the data card; optional
   */
  public record Column(String name, String description) {

    /** A column given by name only (Spring converts a plain list entry through this). */
    public static Column valueOf(String name) {
      return new Column(name.strip(), null);
    }
  }
}
