package io.dataexporter.job;

/**
 * A deterministic sample of each data type's rows: a row is kept when the keyed hash of its key
 * ({@link RowHash}) falls under a threshold. With {@code fraction} the threshold is {@code fraction
 * * 2^52}, so the same request keeps the same rows, a larger fraction keeps a superset, and rows
 * added later never change whether an existing row is kept. With {@code rows} the threshold is the
 * hash of the {@code rows}-th row in hash order, found by the planner in the export's snapshot, so
 * about that many rows are kept (exactly, when keys are unique).
 *
 * @param fraction share of rows to keep, in (0, 1]; null when {@code rows} is given
 * @param rows rows to keep per data type, at least 1; null when {@code fraction} is given
 * @param seed any text (empty when the request gave none); other seeds give other samples
 * @param key the column whose value is hashed; null: each data type's id column
 */
public record Sample(Double fraction, Long rows, String seed, String key) {
  public Sample {
    if ((fraction == null) == (rows == null)) {
      throw new IllegalArgumentException("a sample has either a fraction or a row count");
    }
    seed = seed == null ? "" : seed;
  }
}
