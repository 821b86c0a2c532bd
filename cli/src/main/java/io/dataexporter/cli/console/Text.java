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

  /**
   * The codec of an export's config (or a schedule's {@code export}): {@code gzip} for {@code
   * true}, the name given for {@code "gzip"} or {@code "zstd"}, null for none.
   */
  public static String codec(JsonNode config) {
    JsonNode compression = config.path("compression");
    if (compression.isBoolean()) {
      return compression.asBoolean() ? "gzip" : null;
    }
    String name = compression.isString() ? compression.asString() : "none";
    return name.equals("none") ? null : name;
  }

  /**
   * The suffix of an export's files after the format: {@code .gz}, {@code .zst}, {@code .pgp}
   * ({@code .csv.zst.pgp} in all), from its config; without a config, {@code .gz} when {@code
   * is_compressed}.
   */
  public static String fileSuffix(JsonNode export, JsonNode config) {
    String codec =
        parquet(export) || parquet(config)
            ? null // Parquet compresses its pages: the files stay .parquet
            : config.isObject()
                ? codec(config)
                : export.path("is_compressed").asBoolean() ? "gzip" : null;
    String suffix =
        codec == null
            ? ""
            : codec.equals("zstd") ? ".zst" : codec.equals("gzip") ? ".gz" : "." + codec;
    return suffix + (config.path("encryption").isObject() ? ".pgp" : "");
  }

  /** Whether an export, its config or a schedule's {@code export} is in Parquet. */
  private static boolean parquet(JsonNode export) {
    return "parquet".equals(field(export, "output_format"));
  }

  /** A Parquet export's page codec: snappy unless another (or none) was named. */
  private static String pageCodec(JsonNode config) {
    JsonNode compression = config.path("compression");
    if (compression.isBoolean()) {
      return compression.asBoolean() ? "gzip" : "snappy";
    }
    return compression.isString() ? codec(config) : "snappy";
  }

  /** How an export's files are written, for people: {@code (zstd, OpenPGP)}, or "". */
  public static String fileTreatment(JsonNode config, boolean compressed) {
    String codec =
        parquet(config)
            ? pageCodec(config)
            : config.isObject() ? codec(config) : compressed ? "gzip" : null;
    boolean encrypted = config.path("encryption").isObject();
    if (codec == null && !encrypted) {
      return "";
    }
    return " ("
        + (codec == null ? "" : codec)
        + (codec != null && encrypted ? ", " : "")
        + (encrypted ? "OpenPGP" : "")
        + ")";
  }
}
