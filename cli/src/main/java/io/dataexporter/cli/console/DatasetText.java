package io.dataexporter.cli.console;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An export config's dataset fields for people, as labelled lines: {@code files} (size limit and
 * partitions), {@code sample} and {@code split}. Fields the config lacks give no line.
 */
public final class DatasetText {
  private DatasetText() {}

  /** Label → text, in display order. */
  public static Map<String, String> lines(JsonNode config) {
    Map<String, String> lines = new LinkedHashMap<>();
    String size = Text.field(config, "max_file_size");
    String partition = Text.field(config, "partition_by");
    if (size != null || partition != null) {
      lines.put(
          "files",
          (size == null ? "" : "at most " + size + (size.matches("\\d+") ? " bytes" : "") + " each")
              + (size != null && partition != null ? ", " : "")
              + (partition == null ? "" : "in folders by " + partition));
    }
    JsonNode sample = config.path("sample");
    if (sample.isObject()) {
      String share =
          sample.has("fraction")
              ? "fraction " + sample.get("fraction").asString()
              : "rows " + sample.path("rows").asString("?");
      lines.put("sample", share + keyAndSeed(sample));
    }
    JsonNode split = config.path("split");
    if (split.isObject()) {
      StringBuilder ratios = new StringBuilder();
      for (Map.Entry<String, JsonNode> r : split.path("ratios").properties()) {
        ratios.append(ratios.isEmpty() ? "" : ",").append(r.getKey()).append('=');
        ratios.append(r.getValue().asString());
      }
      lines.put("split", ratios + keyAndSeed(split));
    }
    return lines;
  }

  private static String keyAndSeed(JsonNode hashed) {
    String key = Text.field(hashed, "key");
    String seed = Text.field(hashed, "seed");
    return (key == null ? "" : ", key " + key)
        + (seed == null || seed.isEmpty() ? "" : ", seed " + seed);
  }
}
