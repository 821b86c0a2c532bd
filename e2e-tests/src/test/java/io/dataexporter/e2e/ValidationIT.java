package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Each validation level over rows built to break each rule once (fixtures: schema {@code quality}).
 * A row's marker names the rules it breaks ({@code valid...} breaks none; {@code a+b} breaks two);
 * {@code *_required} rules belong to basic, the others to strict only.
 */
class ValidationIT {
  private static final Map<String, String> MARKER =
      Map.of("bad_logs", "host", "bad_anomalies", "process", "bad_ips", "reputation");
  private static final Map<String, String> ORDER =
      Map.of(
          "bad_logs",
          "\"timestamp\", id",
          "bad_anomalies",
          "detected_at, id",
          "bad_ips",
          "last_seen, id");

  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  private static List<String> expectedRules(String marker, String level) {
    if (level.equals("none") || marker.startsWith("valid")) {
      return List.of();
    }
    List<String> rules = Arrays.stream(marker.split("\\+")).sorted().toList();
    return level.equals("basic")
        ? rules.stream().filter(r -> r.endsWith("_required")).toList()
        : rules;
  }

  private static List<String> markersInExportOrder(String type) throws Exception {
    List<String> markers = new ArrayList<>();
    try (Connection c = system.services.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "SELECT "
                        + MARKER.get(type)
                        + " FROM quality."
                        + type.substring(4)
                        + " ORDER BY "
                        + ORDER.get(type))) {
      while (rs.next()) {
        markers.add(rs.getString(1));
      }
    }
    return markers;
  }

  @ParameterizedTest(name = "{0}, gzip={1}")
  @CsvSource({"none,false", "basic,false", "strict,false", "strict,true"})
  void each_level_keeps_exactly_the_valid_rows_and_rejects_exactly_the_broken_ones(
      String level, boolean gzip) throws Exception {
    String id =
        system.submit(
            """
        {"data_types": ["bad_logs", "bad_anomalies", "bad_ips"], "validation_level": "%s",
         "output_format": "jsonl", "compression": %s}"""
                .formatted(level, gzip));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    JsonNode progress = system.parse(system.get("/" + id + "/progress"));

    for (String type : List.of("bad_logs", "bad_anomalies", "bad_ips")) {
      List<String> all = markersInExportOrder(type);
      List<String> valid = all.stream().filter(m -> expectedRules(m, level).isEmpty()).toList();
      List<String> rejected = new ArrayList<>();
      Map<String, Long> byRule = new TreeMap<>();
      for (String m : all) {
        List<String> rules = expectedRules(m, level);
        if (!rules.isEmpty()) {
          rejected.add(m + " " + rules);
          rules.forEach(r -> byRule.merge(r, 1L, Long::sum));
        }
      }

      assertThat(markers(lines(fileOf(listing, type, "data"), gzip), false, MARKER.get(type)))
          .as(type + " data")
          .isEqualTo(valid);
      JsonNode rejectedFile = fileOf(listing, type, "rejected");
      if (rejected.isEmpty()) {
        assertThat(rejectedFile).as(type + " has no rejected file").isNull();
      } else {
        assertThat(rejectedFile.get("name").stringValue())
            .isEqualTo("rejected/" + type + ".jsonl" + (gzip ? ".gz" : ""));
        assertThat(markers(lines(rejectedFile, gzip), true, MARKER.get(type)))
            .as(type + " rejected")
            .containsExactlyInAnyOrderElementsOf(rejected);
      }
      for (JsonNode validation :
          List.of(
              status.get("validation").get(type),
              manifest.get("validation").get(type),
              progress.get("data_types").get(type).get("validation"))) {
        assertThat(validation.get("level").stringValue()).isEqualTo(level);
        assertThat(validation.get("checked").longValue()).isEqualTo(all.size());
        assertThat(validation.get("valid").longValue()).isEqualTo(valid.size());
        assertThat(validation.get("rejected").longValue()).isEqualTo(rejected.size());
        Map<String, Long> reported = new TreeMap<>();
        validation
            .get("by_rule")
            .properties()
            .forEach(e -> reported.put(e.getKey(), e.getValue().longValue()));
        assertThat(reported).as(type + " by_rule").isEqualTo(byRule);
      }
      assertThat(status.get("record_counts").get(type).longValue()).isEqualTo(valid.size());
    }
  }

  @Test
  void the_manifest_reports_how_full_each_column_is() throws Exception {
    String id = system.submit("{\"data_types\": [\"bad_logs\"], \"validation_level\": \"none\"}");
    system.awaitFinished(id, Duration.ofMinutes(1));
    JsonNode listing = system.parse(system.get("/download/" + id));
    JsonNode quality =
        Records.readJson(system.fetch(listing.get("manifest_url").stringValue()))
            .get("quality")
            .get("bad_logs");
    assertThat(quality.get("records").longValue()).isEqualTo(11);
    assertThat(quality.get("non_null_share").get("host").doubleValue()).isEqualTo(1.0);
    assertThat(quality.get("non_null_share").get("message").doubleValue()).isEqualTo(10 / 11.0);
    assertThat(quality.get("non_null_share").get("metadata").doubleValue()).isZero();
  }

  @Test
  void an_export_rejecting_more_than_the_allowed_share_fails_with_the_reason() throws Exception {
    String id = system.submit("{\"data_types\": [\"all_bad\"]}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("failed");
    assertThat(status.get("error_message").stringValue())
        .contains("rejected 2 of 2 all_bad records");
  }

  private static JsonNode fileOf(JsonNode listing, String type, String kind) {
    for (JsonNode f : listing.get("files")) {
      // kind first: the data card and schema.json have no data type
      if (f.get("kind").stringValue().equals(kind)
          && f.get("data_type").stringValue().equals(type)) {
        return f;
      }
    }
    return null;
  }

  private static List<String> lines(JsonNode file, boolean gzip) throws Exception {
    byte[] bytes = system.fetch(file.get("url").stringValue());
    String text = new String(gzip ? Records.gunzip(bytes) : bytes, StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /** The marker of each line; for rejected lines, "marker [rules]" with the rules sorted. */
  private static List<String> markers(List<String> lines, boolean rejected, String markerField) {
    List<String> markers = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = Records.readJson(line.getBytes(StandardCharsets.UTF_8));
      if (!rejected) {
        markers.add(node.get(markerField).stringValue());
        continue;
      }
      List<String> rules = new ArrayList<>();
      node.get("rules").forEach(r -> rules.add(r.stringValue()));
      rules.sort(null);
      markers.add(node.get("record").get(markerField).stringValue() + " " + rules);
    }
    return markers;
  }
}
