package io.dataexporter.dataset;

import io.dataexporter.error.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The datasets this deployment can export, by data type name. */
public final class DatasetRegistry {
  private final Map<String, Dataset> byName = new LinkedHashMap<>();

  public DatasetRegistry(List<Dataset> datasets) {
    if (datasets.isEmpty()) {
      throw new IllegalArgumentException("no datasets configured (exporter.datasets)");
    }
    datasets.forEach(d -> byName.put(d.name(), d));
  }

  public static DatasetRegistry from(DatasetProperties properties) {
    return new DatasetRegistry(
        properties.datasets().entrySet().stream()
            .map(
                e ->
                    new Dataset(
                        e.getKey(),
                        e.getValue().table(),
                        e.getValue().idColumn(),
                        e.getValue().timeColumn(),
                        e.getValue().processColumn(),
                        e.getValue().columnNames(),
                        e.getValue().ruleSet(),
                        e.getValue().descriptions()))
            .toList());
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  public Dataset get(String name) {
    Dataset dataset = byName.get(name);
    if (dataset == null) {
      throw new NotFoundException("unknown data type " + name);
    }
    return dataset;
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
