package io.dataexporter.job;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a size such as {@code "256MB"}: a whole or decimal number, optional spaces, and a unit
 * ({@code B}, decimal {@code KB MB GB TB} or binary {@code KiB MiB GiB TiB}; case does not matter;
 * none means bytes).
 */
public final class FileSizes {
  private static final Pattern SIZE =
      Pattern.compile("^\\s*(\\d{1,15}(?:\\.\\d{1,6})?)\\s*([a-z]{0,3})\\s*$");

  private FileSizes() {}

  /**
   * @return the size in bytes (rounded down)
   * @throws IllegalArgumentException when the text is not a size
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + text);
    }
    double unit =
        switch (m.group(2)) {
          case "", "b" -> 1;
          case "kb", "k" -> 1e3;
          case "mb", "m" -> 1e6;
          case "gb", "g" -> 1e9;
          case "tb", "t" -> 1e12;
          case "kib" -> 1024.0;
          case "mib" -> 1024.0 * 1024;
          case "gib" -> 1024.0 * 1024 * 1024;
          case "tib" -> 1024.0 * 1024 * 1024 * 1024;
          default -> throw new IllegalArgumentException("unknown unit in " + text);
        };
    double bytes = new java.math.BigDecimal(m.group(1)).doubleValue() * unit;
    if (bytes > Long.MAX_VALUE / 2) {
      throw new IllegalArgumentException("too large: " + text);
    }
    return (long) Math.floor(bytes);
  }
}
