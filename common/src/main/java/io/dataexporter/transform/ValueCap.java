package io.dataexporter.transform;

import io.dataexporter.error.PermanentException;

/**
 * The longest value (in UTF-16 units) a transformation step may make. Steps that grow values
 * (concat of a field with itself, replacements longer than their matches) would otherwise exhaust a
 * worker's heap on one row; past it the export fails with this reason.
 */
public final class ValueCap {
  public static final int MAX_LENGTH = 1 << 20;

  private ValueCap() {}

  /**
   * @param op the step growing the value, named in the failure
   * @throws PermanentException when {@code length} is past the cap: no attempt can pass
   */
  public static void check(int length, String op) {
    if (length > MAX_LENGTH) {
      throw new PermanentException(
          op
              + " made a value longer than "
              + MAX_LENGTH
              + " characters; the transformations grow values without bound");
    }
  }
}
