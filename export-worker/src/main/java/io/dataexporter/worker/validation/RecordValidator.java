package io.dataexporter.worker.validation;

import io.dataexporter.worker.source.SourceColumns;
import java.util.ArrayList;
import java.util.List;

/** Applies a list of rules to each record of a shard and counts the outcome. */
public final class RecordValidator {
  private final List<Rule> rules;
  private final ValidationCounts counts = new ValidationCounts();
  private RowView view;

  public RecordValidator(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  public void bind(SourceColumns columns) {
    view = new RowView(columns);
  }

  /** The names of the rules the record breaks; empty when it is valid. */
  public List<String> check(Object[] row) {
    if (rules.isEmpty()) {
      counts.record(List.of());
      return List.of();
    }
    view.show(row);
    List<String> broken = null;
    for (Rule rule : rules) {
      if (!rule.passes().test(view)) {
        if (broken == null) {
          broken = new ArrayList<>(2);
        }
        broken.add(rule.name());
      }
    }
    List<String> result = broken == null ? List.of() : broken;
    counts.record(result);
    return result;
  }

  public ValidationCounts counts() {
    return counts;
  }
}
