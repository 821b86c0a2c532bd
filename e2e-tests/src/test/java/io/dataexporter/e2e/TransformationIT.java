package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Every transformation, chained, on real exported files in each format (fixture table tx_events),
 * and the steps of issue 16 on every row of logs, compared with the same computation in SQL.
 */
class TransformationIT {
  private static final String STEPS =
      """
      {"tx_events": [
        {"op": "extract", "field": "payload", "path": "$.user.id", "as": "user_id"},
        {"op": "extract", "field": "payload", "path": "/user/name", "as": "user_label"},
        {"op": "mask_ip", "field": "ip", "prefix": 24, "prefix_v6": 48},
        {"op": "hash", "field": "user_name"},
        {"op": "truncate", "field": "note", "max_length": 5},
        {"op": "timestamp_format", "format": "epoch_millis"},
        {"op": "rename", "from": "at", "to": "happened_at_ms"},
        {"op": "drop", "fields": ["payload"]},
        {"op": "fields", "fields": ["id", "happened_at_ms", "ip", "user_name", "note", "user_id", "user_label"]}
      ]}""";
  private static final List<String> FIELDS =
      List.of("id", "happened_at_ms", "ip", "user_name", "note", "user_id", "user_label");

  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  /** Expected records, as text per field (null for JSON null / NULL). */
  private static List<Map<String, String>> expected() throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    rows.add(
        row(
            "1",
            millis("2024-03-01T00:00:00.123456Z"),
            "192.168.1.0/24",
            hmac("alice"),
            "héllo",
            "42",
            "Ann \"A\""));
    rows.add(
        row(
            "2",
            millis("2024-03-01T00:00:01Z"),
            "2001:db8:abcd::/48",
            hmac("bob"),
            "🚀🚀🚀🚀🚀",
            "x-7",
            null));
    rows.add(row("3", millis("2024-03-01T00:00:02Z"), "10.20.0.0/16", null, "abc", null, null));
    rows.add(row("4", millis("2024-03-01T00:00:03Z"), null, hmac("alice"), null, null, null));
    return rows;
  }

  @ParameterizedTest(name = "{0}, gzip={1}")
  @CsvSource({"json,false", "jsonl,false", "csv,false", "csv,true"})
  void every_step_applies_in_order_and_the_file_follows_the_transformed_fields(
      String format, boolean gzip) throws Exception {
    String id =
        system.submit(
            """
        {"data_types": ["tx_events"], "output_format": "%s", "compression": %s, "transformations": %s}"""
                .formatted(format, gzip, STEPS));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    byte[] stored = system.fetch(listing.get("files").get(0).get("url").stringValue());
    String text = new String(gzip ? Records.gunzip(stored) : stored, StandardCharsets.UTF_8);

    assertThat(records(format, text)).isEqualTo(expected());

    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    assertThat(manifest.get("transformations").get("tx_events")).hasSize(9);
    assertThat(manifest.get("transformations").get("tx_events").get(3).get("op").stringValue())
        .isEqualTo("hash");
    List<String> outputFields = new ArrayList<>();
    manifest
        .get("datasets")
        .get("tx_events")
        .get("output_fields")
        .forEach(f -> outputFields.add(f.stringValue()));
    assertThat(outputFields).isEqualTo(FIELDS);
  }

  /** The steps of issue 16 on every row of {@code logs} (NULLs, unicode, quotes, newlines). */
  private static final String NEW_STEPS =
      """
      {"logs": [
        {"op": "concat", "fields": ["host", "process", "pid"], "separator": "|", "to": "origin"},
        {"op": "map", "field": "process", "values": {"nginx": "web", "postgres": "db", "we\\"ird": "=cmd"}},
        {"op": "map", "field": "level", "values": {"ERROR": 3, "CRITICAL": 4, "WARN": 2}, "default": 0},
        {"op": "coalesce", "fields": ["host", "source_ip"], "to": "host"},
        {"op": "case", "field": "host", "case": "upper"},
        {"op": "regex_replace", "field": "message", "pattern": "(\\\\d+)", "replacement": "<$1>"},
        {"op": "case", "field": "message", "to": "lower"},
        {"op": "regex_replace", "field": "origin", "pattern": "(a*)*b", "replacement": "[b]"},
        {"op": "extract", "field": "metadata", "path": "$.seq", "as": "seq"},
        {"op": "cast", "field": "seq", "to": "integer"},
        {"op": "extract", "field": "metadata", "path": "$.ratio", "as": "ratio"},
        {"op": "cast", "field": "ratio", "to": "float"},
        {"op": "extract", "field": "metadata", "path": "$.tags.1", "as": "even"},
        {"op": "cast", "field": "even", "to": "boolean"},
        {"op": "cast", "field": "pid", "to": "text"},
        {"op": "drop", "fields": ["timestamp", "source_ip", "metadata"]}
      ]}""";

  /**
   * The same computation in SQL, but for the case mapping, which Java does on the result (the
   * database's C.UTF-8 collation maps fewer characters than Locale.ROOT).
   */
  private static final String NEW_STEPS_IN_SQL =
      """
      SELECT id,
             COALESCE(host, abbrev(source_ip)) AS host,
             CASE process WHEN 'nginx' THEN 'web' WHEN 'postgres' THEN 'db' WHEN 'we"ird' THEN '=cmd'
                          ELSE process END AS process,
             pid::text AS pid,
             CASE level WHEN 'ERROR' THEN 3 WHEN 'CRITICAL' THEN 4 WHEN 'WARN' THEN 2 ELSE 0 END AS level,
             regexp_replace(message, '(\\d+)', '<\\1>', 'g') AS message,
             regexp_replace(CASE WHEN host IS NULL AND process IS NULL AND pid IS NULL THEN NULL
                                 ELSE concat_ws('|', host, process, pid::text) END,
                            '(a*)*b', '[b]', 'g') AS origin,
             (metadata ->> 'seq')::bigint AS seq,
             (metadata ->> 'ratio')::float8 AS ratio,
             to_jsonb((metadata -> 'tags' ->> 1)::boolean) AS even
        FROM public.logs ORDER BY id""";

  @ParameterizedTest(name = "{0}")
  @CsvSource({"csv", "jsonl"})
  void the_new_steps_give_what_sql_gives_for_every_row(String format) throws Exception {
    Records.Expected expected;
    try (Connection c = system.services.connect()) {
      expected = Records.query(c, NEW_STEPS_IN_SQL);
    }
    for (Map<String, String> row : expected.rows()) {
      row.computeIfPresent("host", (k, v) -> v.toUpperCase(Locale.ROOT));
      row.computeIfPresent("message", (k, v) -> v.toLowerCase(Locale.ROOT));
    }
    assertThat(expected.rows()).hasSizeGreaterThan(12_000);
    String id =
        system.submit(
            """
        {"data_types": ["logs"], "output_format": "%s", "validation_level": "none", "transformations": %s}"""
                .formatted(format, NEW_STEPS));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    byte[] file = system.fetch(listing.get("files").get(0).get("url").stringValue());

    List<Map<String, String>> actual =
        new ArrayList<>(
            format.equals("csv")
                ? Records.fromCsv(file, expected.columns())
                : Records.fromJsonLines(file, expected.columns()));
    actual.sort(Comparator.comparingLong(r -> Long.parseLong(r.get("id"))));
    assertThat(actual).hasSameSizeAs(expected.rows());
    for (int i = 0; i < actual.size(); i++) {
      assertThat(actual.get(i)).as("record %d", i).isEqualTo(expected.rows().get(i));
    }
    if (format.equals("jsonl")) {
      JsonNode first =
          Records.readJson(
              new String(file, StandardCharsets.UTF_8)
                  .split("\n")[0].getBytes(StandardCharsets.UTF_8));
      assertThat(first.get("level").isIntegralNumber()).isTrue();
      assertThat(first.get("pid").isString() || first.get("pid").isNull()).isTrue();
    }

    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    List<String> outputFields = new ArrayList<>();
    manifest
        .get("datasets")
        .get("logs")
        .get("output_fields")
        .forEach(f -> outputFields.add(f.stringValue()));
    assertThat(outputFields).isEqualTo(expected.columns().names());
    // the quality summary counts the transformed fields, the appended ones included
    JsonNode shares = manifest.get("quality").get("logs").get("non_null_share");
    assertThat(new ArrayList<>(shares.propertyNames())).isEqualTo(outputFields);
    for (String field : List.of("host", "origin", "seq", "even", "level")) {
      double nonNull = expected.rows().stream().filter(r -> r.get(field) != null).count();
      assertThat(shares.get(field).doubleValue())
          .as(field)
          .isCloseTo(nonNull / expected.rows().size(), within(1e-9));
    }
    // the stored steps read back as sent, the case alias under its canonical key
    JsonNode echoed = status.get("config").get("transformations").get("logs");
    assertThat(echoed).hasSize(16);
    assertThat(echoed.get(4).toString())
        .isEqualTo("{\"op\":\"case\",\"field\":\"host\",\"to\":\"upper\"}");
    assertThat(echoed.get(2).get("default").intValue()).isZero();
    assertThat(echoed.get(1).has("default")).isFalse();
    assertThat(manifest.get("transformations").get("logs")).isEqualTo(echoed);
  }

  private static List<Map<String, String>> records(String format, String text) throws Exception {
    List<Map<String, String>> rows = new ArrayList<>();
    if (format.equals("csv")) {
      CSVFormat csv =
          CSVFormat.RFC4180.builder().setNullString("").setQuoteMode(QuoteMode.ALL_NON_NULL).get();
      List<CSVRecord> records = csv.parse(new StringReader(text)).getRecords();
      assertThat(records.get(0).toList()).isEqualTo(FIELDS);
      for (CSVRecord r : records.subList(1, records.size())) {
        rows.add(row(r.toList().toArray(String[]::new)));
      }
      return rows;
    }
    List<JsonNode> objects = new ArrayList<>();
    if (format.equals("jsonl")) {
      for (String line : text.split("\n")) {
        objects.add(Records.readJson(line.getBytes(StandardCharsets.UTF_8)));
      }
    } else {
      Records.readJson(text.getBytes(StandardCharsets.UTF_8)).get("records").forEach(objects::add);
    }
    for (JsonNode o : objects) {
      assertThat(new ArrayList<>(o.propertyNames())).isEqualTo(FIELDS);
      assertThat(o.get("happened_at_ms").isIntegralNumber()).isTrue();
      String[] values = new String[FIELDS.size()];
      for (int i = 0; i < values.length; i++) {
        JsonNode v = o.get(FIELDS.get(i));
        values[i] = v.isNull() ? null : v.isString() ? v.stringValue() : v.toString();
      }
      rows.add(row(values));
    }
    return rows;
  }

  private static Map<String, String> row(String... values) {
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      row.put(FIELDS.get(i), values[i]);
    }
    return row;
  }

  private static String millis(String instant) {
    return Long.toString(Instant.parse(instant).toEpochMilli());
  }

  private static String hmac(String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            RunningSystem.HASH_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }
}
