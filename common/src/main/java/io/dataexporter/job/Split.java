package io.dataexporter.job;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deterministic train/validation/test (or any named) splits: a row goes to the split whose range of
 * the unit interval holds the keyed hash of its key ({@link RowHash}). The ranges are laid out in
 * split-name order (not request order, so that stored and resent requests agree), each as wide as
 * its ratio. A row's split therefore depends only on its key, the seed and the ratios: it never
 * changes across exports or as the table grows, and rows sharing a key share a split.
 *
 * @param ratios split name to share of rows, positive, summing to 1
 * @param key the column whose value is hashed; null: each data type's id column
 * @param seed any text (empty when the request gave none)
 */
public record Split(Map<String, Double> ratios, String key, String seed) {
  public Split {
    ratios = Collections.unmodifiableMap(new TreeMap<>(ratios));
    seed = seed == null ? "" : seed;
  }

  /** The split names in bucket order (sorted). */
  public java.util.List<String> names() {
    return java.util.List.copyOf(ratios.keySet());
  }

  /**
   * The half-open hash range {@code [from, to)} of a split, in units of {@code 2^-52} ({@link
   * RowHash#SCALE}); the last split's range ends at {@code 2^52}, so every hash has a split.
   */
  public long[] range(String name) {
    double cumulative = 0;
    long from = 0;
    var names = names();
    for (int i = 0; i < names.size(); i++) {
      cumulative += ratios.get(names.get(i));
      long to = i == names.size() - 1 ? RowHash.SCALE : RowHash.threshold(cumulative);
      if (names.get(i).equals(name)) {
        return new long[] {from, to};
      }
      from = to;
    }
    throw new IllegalArgumentException("no split named " + name);
  }
}
