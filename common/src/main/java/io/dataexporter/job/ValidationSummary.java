package io.dataexporter.job;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validation figures of a shard, a data type or an export.
 *
 * @param checked records checked
 * @param valid records that passed every rule (and were written)
 * @param rejected records that broke at least one rule (written to the rejected file)
 * @param byRule per rule name, the records that broke it
 */
public record ValidationSummary(
    long checked, long valid, long rejected, @JsonProperty("by_rule") Map<String, Long> byRule) {

  public static final ValidationSummary EMPTY = new ValidationSummary(0, 0, 0, Map.of());

  public ValidationSummary {
    byRule = byRule == null ? Map.of() : Map.copyOf(byRule);
  }

  public ValidationSummary plus(ValidationSummary other) {
    if (other == null) {
      return this;
    }
    Map<String, Long> rules = new TreeMap<>(byRule);
    other.byRule.forEach((rule, n) -> rules.merge(rule, n, Long::sum));
    return new ValidationSummary(
        checked + other.checked, valid + other.valid, rejected + other.rejected, rules);
  }

  /** Rejected records as a share of checked ones (0 when nothing was checked). */
  public double rejectedShare() {
    return checked == 0 ? 0 : (double) rejected / checked;
  }

  /** Sorted by rule name, for stable output. */
  @Override
  public Map<String, Long> byRule() {
    return new TreeMap<>(byRule);
  }
}
