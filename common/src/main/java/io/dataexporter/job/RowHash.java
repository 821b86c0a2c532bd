package io.dataexporter.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The keyed hash that samples and splits use, computed by PostgreSQL so that both read paths and
 * estimates agree: the first 52 bits of {@code SHA-256(purpose U+001F seed U+001F key)}, where
 * {@code key} is the key column's text ({@code key::text}; the empty string when NULL), read as an
 * unsigned integer in {@code [0, 2^52)}. A row is "under fraction f" when its hash is below {@code
 * floor(f * 2^52)}. The purpose ({@code sample} or {@code split}) keeps a sample and a split of the
 * same seed independent. Java computes the same value ({@link #of}) for tests and documentation.
 */
public final class RowHash {
  public static final long SCALE = 1L << 52;
  public static final String SAMPLE = "sample";
  public static final String SPLIT = "split";

  /** What may not appear in a seed: it separates the parts of the hashed text. */
  public static final char SEPARATOR = '\u001f';

  private RowHash() {}

  /** The hash threshold of a fraction in [0, 1]. */
  public static long threshold(double fraction) {
    if (fraction >= 1) {
      return SCALE;
    }
    return (long) Math.floor(fraction * SCALE);
  }

  /** The text prepended to the key, bound as a parameter of {@link #sql}. */
  public static String prefix(String purpose, String seed) {
    return purpose + SEPARATOR + seed + SEPARATOR;
  }

  /**
   * A SQL expression of the hash of {@code quotedColumn}, with one text parameter: the {@link
   * #prefix}.
   */
  public static String sql(String quotedColumn) {
    return "('x' || left(encode(sha256(convert_to(? || coalesce("
        + quotedColumn
        + "::text, ''), 'UTF8')), 'hex'), 13))::bit(52)::bigint";
  }

  /** The same hash in Java: {@code keyText} is PostgreSQL's text of the key (null for NULL). */
  public static long of(String purpose, String seed, String keyText) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (prefix(purpose, seed) + (keyText == null ? "" : keyText))
                      .getBytes(StandardCharsets.UTF_8));
      long v = 0;
      for (int i = 0; i < 7; i++) {
        v = (v << 8) | (digest[i] & 0xff);
      }
      return v >>> 4;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
