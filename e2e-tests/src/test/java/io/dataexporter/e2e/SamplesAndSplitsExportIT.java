package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.RowHash;
import io.dataexporter.job.Split;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Splits and samples through the API, checked against PostgreSQL computing the documented hash:
 * every row in exactly one {@code {split}/split_events/} folder, the same rows there in a second
 * export (on the other read path) and after inserts, a host's rows never in two splits, and a
 * larger sample fraction keeping a superset of a smaller one.
 */
class SamplesAndSplitsExportIT {
  private static final String TYPE = "split_events";
  private static final String SPLIT =
      "\"split\": {\"ratios\": {\"train\": 0.8, \"validation\": 0.1, \"test\": 0.1},"
          + " \"key\": \"host\", \"seed\": \"e2e\"}";
  private static final Split RATIOS =
      new Split(Map.of("train", 0.8, "validation", 0.1, "test", 0.1), "host", "e2e");

  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          DROP TABLE IF EXISTS public.split_events;
          CREATE TABLE public.split_events (id bigint PRIMARY KEY, at timestamptz NOT NULL,
            host text, payload text);
          ANALYZE public.split_events;""");
      insert(s, 1, 8000);
    }
  }

  /** Rows {@code first..last} a second apart, on 25 hosts, every 50th without a host. */
  private static void insert(Statement s, int first, int last) throws Exception {
    s.execute(
        "INSERT INTO public.split_events SELECT g,"
            + " timestamptz '2024-04-01 00:00:00+00' + (g % 9000) * interval '1 second',"
            + " CASE WHEN g % 50 = 0 THEN NULL ELSE 'h' || (g % 25) END, md5(g::text)"
            + " FROM generate_series("
            + first
            + ", "
            + last
            + ") g");
    s.execute("ANALYZE public.split_events");
  }

  private static JsonNode completed(String body) throws Exception {
    String id = system.submit(body);
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    return system.parse(system.get("/download/" + id));
  }

  /** The ids in one data file (CSV with a header, or JSON Lines). */
  private static Set<Long> ids(JsonNode file, String format) throws Exception {
    String text = new String(system.fetch(file.get("url").stringValue()), StandardCharsets.UTF_8);
    Set<Long> ids = new HashSet<>();
    if (format.equals("csv")) {
      for (CSVRecord r :
          CSVFormat.DEFAULT
              .builder()
              .setHeader()
              .setSkipHeaderRecord(true)
              .get()
              .parse(new StringReader(text))) {
        assertThat(ids.add(Long.parseLong(r.get("id")))).isTrue();
      }
    } else {
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          assertThat(ids.add(system.json.readTree(line).get("id").longValue())).isTrue();
        }
      }
    }
    return ids;
  }

  /** Every exported row's split, from the files under {split}/split_events/. */
  private static Map<Long, String> splitExport(String format) throws Exception {
    JsonNode listing =
        completed(
            "{\"data_types\": [\""
                + TYPE
                + "\"], \"output_format\": \""
                + format
                + "\", \"validation_level\": \"none\", "
                + SPLIT
                + "}");
    Map<Long, String> splitOf = new HashMap<>();
    Set<String> splits = new HashSet<>();
    for (JsonNode file : listing.get("files")) {
      if (!file.get("kind").stringValue().equals("data")) {
        continue;
      }
      String split = file.get("split").stringValue();
      splits.add(split);
      assertThat(file.get("path").stringValue()).startsWith(split + "/" + TYPE + "/part-");
      for (long id : ids(file, format)) {
        assertThat(splitOf.put(id, split)).as("row %d in two files", id).isNull();
      }
    }
    assertThat(splits).containsExactlyInAnyOrder("train", "validation", "test");
    lastManifest = system.json.readTree(system.fetch(listing.get("manifest_url").stringValue()));
    return splitOf;
  }

  /** The manifest of the last {@link #splitExport}. */
  private static JsonNode lastManifest;

  /** id → hash of {@code key} as PostgreSQL computes the documented formula. */
  private static Map<Long, Long> hashes(String purpose, String seed, String key) throws Exception {
    String sql =
        "SELECT id, ('x' || left(encode(sha256(convert_to(? || chr(31) || ? || chr(31) ||"
            + " coalesce("
            + key
            + "::text, ''), 'UTF8')), 'hex'), 13))::bit(52)::bigint FROM public.split_events";
    Map<Long, Long> hashes = new HashMap<>();
    try (Connection c = system.services.connect();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, purpose);
      ps.setString(2, seed);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          hashes.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return hashes;
  }

  private static Map<Long, String> expectedSplits() throws Exception {
    Map<Long, String> expected = new HashMap<>();
    hashes("split", "e2e", "host")
        .forEach(
            (id, hash) -> {
              for (String name : RATIOS.names()) {
                long[] range = RATIOS.range(name);
                if (hash >= range[0] && hash < range[1]) {
                  expected.put(id, name);
                }
              }
            });
    return expected;
  }

  @Test
  void splits_are_complete_disjoint_repeatable_and_stable_as_the_table_grows() throws Exception {
    double copied = paths("copy");
    double general = paths("general");
    Map<Long, String> csv = splitExport("csv");
    assertThat(csv).isEqualTo(expectedSplits());
    assertThat(csv).hasSize(8000);
    Map<Long, String> jsonl = splitExport("jsonl");
    assertThat(lastManifest.get("split").get("rows").toString())
        .as("the manifest's rows per split and type")
        .isEqualTo(
            system
                .json
                .valueToTree(
                    csv.values().stream()
                        .collect(
                            java.util.stream.Collectors.groupingBy(
                                split -> split,
                                java.util.TreeMap::new,
                                java.util.stream.Collectors.collectingAndThen(
                                    java.util.stream.Collectors.counting(), n -> Map.of(TYPE, n)))))
                .toString());
    assertThat(jsonl).as("a second export, on the general path").isEqualTo(csv);
    assertThat(paths("copy") - copied).as("CSV took the COPY path").isPositive();
    assertThat(paths("general") - general).as("JSON Lines took the general path").isPositive();

    Map<String, Set<String>> splitsOfHost = new HashMap<>();
    try (Connection c = system.services.connect();
        ResultSet rs =
            c.createStatement()
                .executeQuery("SELECT id, coalesce(host, '<null>') FROM public.split_events")) {
      while (rs.next()) {
        splitsOfHost
            .computeIfAbsent(rs.getString(2), h -> new HashSet<>())
            .add(csv.get(rs.getLong(1)));
      }
    }
    assertThat(splitsOfHost).hasSize(26);
    splitsOfHost.forEach((host, splits) -> assertThat(splits).as(host).hasSize(1));

    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      insert(s, 8001, 9500);
    }
    Map<Long, String> grown = splitExport("csv");
    assertThat(grown).hasSize(9500).isEqualTo(expectedSplits());
    csv.forEach((id, split) -> assertThat(grown.get(id)).as("row %d", id).isEqualTo(split));
  }

  private static Set<Long> sampled(String sample) throws Exception {
    JsonNode listing =
        completed(
            "{\"data_types\": [\""
                + TYPE
                + "\"], \"output_format\": \"jsonl\", \"validation_level\": \"none\","
                + " \"sample\": "
                + sample
                + "}");
    Set<Long> ids = new HashSet<>();
    for (JsonNode file : listing.get("files")) {
      if (file.get("kind").stringValue().equals("data")) {
        ids.addAll(ids(file, "jsonl"));
      }
    }
    return ids;
  }

  @Test
  void a_larger_sample_fraction_keeps_a_superset_and_a_row_count_is_met() throws Exception {
    Set<Long> tenth = sampled("{\"fraction\": 0.1, \"seed\": \"e2e\"}");
    Set<Long> third = sampled("{\"fraction\": 0.3, \"seed\": \"e2e\"}");
    Map<Long, Long> hashes = hashes("sample", "e2e", "id");
    assertThat(third).containsAll(tenth);
    for (var pair : Map.of(0.1, tenth, 0.3, third).entrySet()) {
      Set<Long> expected = new HashSet<>();
      hashes.forEach(
          (id, hash) -> {
            if (hash < RowHash.threshold(pair.getKey())) {
              expected.add(id);
            }
          });
      assertThat(pair.getValue()).as("fraction %s", pair.getKey()).isEqualTo(expected);
    }
    assertThat(sampled("{\"rows\": 1234, \"seed\": \"e2e\"}")).hasSize(1234);

    // the manifest says how many rows the sample kept, and at which threshold
    JsonNode listing =
        completed(
            "{\"data_types\": [\""
                + TYPE
                + "\"], \"output_format\": \"jsonl\", \"validation_level\": \"none\","
                + " \"sample\": {\"rows\": 1234, \"seed\": \"e2e\"}}");
    JsonNode manifest =
        system.json.readTree(system.fetch(listing.get("manifest_url").stringValue()));
    JsonNode kept = manifest.get("sample").get(TYPE);
    assertThat(kept.get("rows").longValue()).isEqualTo(1234);
    assertThat(kept.get("kept").longValue()).isEqualTo(1234);
    assertThat(kept.get("records").longValue()).isEqualTo(1234);
    assertThat(kept.get("key").stringValue()).isEqualTo("id");
    long threshold = kept.get("threshold").longValue();
    assertThat(hashes.values().stream().filter(h -> h < threshold).count()).isEqualTo(1234);
  }

  @Test
  void the_estimate_shares_each_types_records_out_by_split() throws Exception {
    var response =
        system.post(
            "/estimate",
            "{\"data_types\": [\"" + TYPE + "\"], \"sample\": {\"fraction\": 0.5}, " + SPLIT + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode estimate = system.parse(response);
    long records = estimate.get("data_types").get(TYPE).get("records").longValue();
    long rows;
    try (Connection c = system.services.connect();
        ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM public.split_events")) {
      rs.next();
      rows = rs.getLong(1);
    }
    assertThat((double) records).isBetween(rows * 0.45, rows * 0.55);
    JsonNode splits = estimate.get("splits");
    assertThat(splits.propertyNames()).containsExactly("test", "train", "validation");
    long sum = 0;
    for (String split : splits.propertyNames()) {
      sum += splits.get(split).get(TYPE).longValue();
    }
    assertThat(sum).isEqualTo(records);
    assertThat((double) splits.get("train").get(TYPE).longValue())
        .isBetween(records * 0.79, records * 0.81);
  }

  private static double paths(String path) {
    return system.workerCount("exporter.shard.paths", "data_type", TYPE, "path", path);
  }
}
