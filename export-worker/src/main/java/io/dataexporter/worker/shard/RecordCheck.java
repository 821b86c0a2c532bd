package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.worker.source.SourceColumns;
import java.util.ArrayList;
import java.util.List;

/**
 * The record checks of a validation level. {@code none} passes everything; {@code basic} (and,
 * until the full rules land, {@code strict}) requires the dataset's id and time columns to be
 * non-null. Records that fail are counted as rejected and not written.
 */
public final class RecordCheck {
  private final boolean enabled;
  private final List<String> required;
  private int[] requiredIndexes = new int[0];

  private RecordCheck(boolean enabled, List<String> required) {
    this.enabled = enabled;
    this.required = required;
  }

  public static RecordCheck forLevel(ValidationLevel level, Dataset dataset) {
    return new RecordCheck(
        level != ValidationLevel.NONE, List.of(dataset.idColumn(), dataset.timeColumn()));
  }

  void bind(SourceColumns columns) {
    List<Integer> indexes = new ArrayList<>();
    for (String name : required) {
      int index = columns.names().indexOf(name);
      if (index >= 0) {
        indexes.add(index);
      }
    }
    requiredIndexes = indexes.stream().mapToInt(Integer::intValue).toArray();
  }

  boolean passes(Object[] row) {
    if (!enabled) {
      return true;
    }
    for (int index : requiredIndexes) {
      if (row[index] == null) {
        return false;
      }
    }
    return true;
  }
}
