package io.dataexporter.filter;

import io.dataexporter.dataset.Dataset;
import java.util.Map;

/** Column types given up front, by data type name (tests, and tools without a database). */
public final class FixedColumnTypes implements ColumnTypes {
  private final Map<String, Map<String, String>> byDataType;

  public FixedColumnTypes(Map<String, Map<String, String>> byDataType) {
    this.byDataType = Map.copyOf(byDataType);
  }

  @Override
  public Map<String, String> of(Dataset dataset) {
    return byDataType.getOrDefault(dataset.name(), Map.of());
  }
}
