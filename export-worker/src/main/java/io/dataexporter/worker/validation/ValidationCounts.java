package io.dataexporter.worker.validation;

import io.dataexporter.job.ValidationSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Running validation counts of one shard. */
public final class ValidationCounts {
  private long checked;
  private long rejected;
  private final Map<String, Long> byRule = new HashMap<>();

  void record(List<String> brokenRules) {
    checked++;
    if (!brokenRules.isEmpty()) {
      rejected++;
      for (String rule : brokenRules) {
        byRule.merge(rule, 1L, Long::sum);
      }
    }
  }

  public ValidationSummary summary() {
    return new ValidationSummary(checked, checked - rejected, rejected, byRule);
  }
}
