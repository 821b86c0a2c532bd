package io.dataexporter.cli.console;

import java.util.Locale;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/** Small formatting helpers for human output. */
public final class Text {
  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Text() {}

  /** A field's text, or null when it is absent or JSON null. */
  public static String field(JsonNode node, String name) {
    JsonNode value = node.path(name);
    return value.isMissingNode() || value.isNull() ? null : value.asString();
  }

  /** A field's text, or {@code fallback} when it is absent or JSON null. */
  public static String field(JsonNode node, String name, String fallback) {
    String value = field(node, name);
    return value == null ? fallback : value;
  }

  /** Bytes in binary units: {@code 512 B}, {@code 271.9 KiB}. */
  public static String bytes(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** An instant cut to whole seconds: {@code 2026-11-26T03:05:58Z}; "-" for null. */
  public static String time(String instant) {
    if (instant == null) {
      return "-";
    }
    int dot = instant.indexOf('.');
    return dot < 0 ? instant : instant.substring(0, dot) + "Z";
  }

  /** The strings of a JSON array joined by commas. */
  public static String list(JsonNode array) {
    StringJoiner joined = new StringJoiner(",");
    array.forEach(e -> joined.add(e.asString()));
    return joined.toString();
  }
}
