package io.dataexporter.worker.profile;

import java.time.Instant;

/**
 * Orders {@link Instant#toString()} texts without parsing them: for years 0000 to 9999 the text up
 * to the seconds orders as characters, and the fraction (0, 3, 6 or 9 digits) as digits padded with
 * zeros. Other shapes are parsed.
 */
final class InstantText {
  private static final int SECONDS = 19; // 2024-03-03T10:00:00

  private InstantText() {}

  static int compare(String a, String b) {
    if (!plain(a) || !plain(b)) {
      return Instant.parse(a).compareTo(Instant.parse(b));
    }
    for (int i = 0; i < SECONDS; i++) {
      int c = Character.compare(a.charAt(i), b.charAt(i));
      if (c != 0) {
        return c;
      }
    }
    // the fraction's digits after the '.', missing ones zero; 'Z' ends both
    for (int i = SECONDS + 1; i < SECONDS + 10; i++) {
      int c = Character.compare(digit(a, i), digit(b, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static boolean plain(String s) {
    return s.length() >= SECONDS + 1 && s.charAt(4) == '-' && s.charAt(s.length() - 1) == 'Z';
  }

  private static char digit(String s, int i) {
    return i < s.length() - 1 ? s.charAt(i) : '0';
  }
}
