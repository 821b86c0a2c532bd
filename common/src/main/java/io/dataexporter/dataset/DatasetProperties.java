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
   * @param columns exported columns in output order
   * @param ruleSet validation rules to apply (logs, anomalies, ips); default: the entry's name
   */
  public record Entry(
      String table,
      String idColumn,
      String timeColumn,
      String processColumn,
      List<String> columns,
      String ruleSet) {}
}
