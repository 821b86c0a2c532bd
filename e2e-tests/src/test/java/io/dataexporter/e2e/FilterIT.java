package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Row filters against the same filters written in SQL over the source table (public.filter_rows:
 * NULLs, unicode and hostile strings), record by record: every operator, both forms and mixed, JSON
 * paths, {@code within} for IPv4 and IPv6. Data type filter_rows has only columns the COPY path
 * writes, so its CSV exports take that path and its JSON Lines exports the general one; filter_all
 * adds float, numeric, boolean and timestamp-without-zone columns (general path only).
 */
class FilterIT {
  private static final String ROWS = "filter_rows";
  private static final String ALL = "filter_all";
  private static final String ROW_COLUMNS = "id, at, name, code, seen, addr, doc";

  static RunningSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  /**
   * A filter and, per data type it requests, the WHERE clause that keeps the same rows.
   *
   * @param where data type to SQL condition over public.filter_rows, in request order
   */
  record Case(String filters, Map<String, String> where) {}

  private static Case rows(String filters, String sql) {
    return new Case(filters, Map.of(ROWS, sql));
  }

  private static Case all(String filters, String sql) {
    return new Case(filters, Map.of(ALL, sql));
  }

  private static Case both(String filters, String rowsSql, String allSql) {
    Map<String, String> where = new LinkedHashMap<>();
    where.put(ROWS, rowsSql);
    where.put(ALL, allSql);
    return new Case(filters, where);
  }

  static List<Case> cases() {
    String jsonN =
        "(CASE WHEN jsonb_typeof(doc -> 'n') = 'number' THEN (doc ->> 'n')::numeric END)";
    return List.of(
        // text, with hostile values
        rows("{\"name\": \"it's\"}", "name = 'it''s'"),
        rows(
            "{\"name\": [\"back\\\\slash\", \"'; DROP TABLE public.filter_rows; --\", \"🚀 rocket\","
                + " \"multi\\nline, \\\\ and ' quote\"]}",
            "name IN ('back\\slash', '''; DROP TABLE public.filter_rows; --', '🚀 rocket',"
                + " E'multi\\nline, \\\\ and \\' quote')"),
        rows("{\"name\": {\"ne\": \"alpha\"}}", "name <> 'alpha'"),
        rows(
            "{\"name\": {\"not_in\": [\"alpha\", \"beta\", \"\"]}}",
            "name NOT IN ('alpha', 'beta', '')"),
        rows("{\"name\": {\"prefix\": \"a_\"}}", "substr(name, 1, 2) = 'a_'"),
        rows("{\"name\": {\"prefix\": \"ab%\"}}", "substr(name, 1, 3) = 'ab%'"),
        rows("{\"name\": {\"contains\": \"50%\"}}", "position('50%' in name) > 0"),
        rows("{\"name\": {\"contains\": \"\\\\\"}}", "position('\\' in name) > 0"),
        rows("{\"name\": {\"contains\": \"'\"}}", "position('''' in name) > 0"),
        rows("{\"name\": {\"gte\": \"b\", \"lt\": \"c\"}}", "name >= 'b' AND name < 'c'"),
        rows(
            "{\"name\": {\"gt\": \"alpha 50\", \"lte\": \"beta\"}}",
            "name > 'alpha 50' AND name <= 'beta'"),
        rows("{\"name\": {\"is_null\": true}}", "name IS NULL"),
        rows("{\"name\": {\"is_null\": false, \"prefix\": \"🚀\"}}", "substr(name, 1, 1) = '🚀'"),
        rows("{\"name\": \"\"}", "name = ''"),
        rows("{\"name\": \"ünïcödé ☃\"}", "name = 'ünïcödé ☃'"),
        // integers
        rows("{\"code\": {\"gt\": 5, \"lte\": 20}}", "code > 5 AND code <= 20"),
        rows("{\"code\": {\"gte\": -3, \"lt\": 0}}", "code >= -3 AND code < 0"),
        rows("{\"code\": [1, 2, -3]}", "code IN (1, 2, -3)"),
        rows("{\"code\": {\"not_in\": [1, 2]}}", "code NOT IN (1, 2)"),
        rows("{\"code\": {\"ne\": 0}}", "code <> 0"),
        rows("{\"code\": 7}", "code = 7"),
        rows("{\"code\": {\"is_null\": true}}", "code IS NULL"),
        // timestamps
        rows(
            "{\"seen\": {\"gte\": \"2024-05-05T02:00:00+02:00\", \"lt\": \"2024-05-08T00:00:00Z\"}}",
            "seen >= '2024-05-05T00:00:00Z' AND seen < '2024-05-08T00:00:00Z'"),
        rows(
            "{\"seen\": {\"gt\": \"2024-05-07T23:59:59.999998Z\", \"lte\": \"2024-05-09T00:00:00Z\"}}",
            "seen > '2024-05-07T23:59:59.999998Z' AND seen <= '2024-05-09T00:00:00Z'"),
        rows(
            "{\"seen\": [\"2024-05-01T10:00:00Z\", \"2024-05-01T05:00:00+02:00\"]}",
            "seen IN ('2024-05-01T10:00:00Z', '2024-05-01T03:00:00Z')"),
        rows(
            "{\"seen\": {\"ne\": \"2024-05-05T00:00:00Z\", \"not_in\": [\"2024-05-01T10:00:00Z\"]}}",
            "seen <> '2024-05-05T00:00:00Z' AND seen <> '2024-05-01T10:00:00Z'"),
        rows("{\"seen\": \"2024-05-04T22:00:00Z\"}", "seen = '2024-05-04T22:00:00Z'"),
        rows("{\"seen\": {\"is_null\": true}}", "seen IS NULL"),
        // inet
        rows("{\"addr\": {\"within\": \"10.0.0.0/8\"}}", "addr <<= inet '10.0.0.0/8'"),
        rows("{\"addr\": {\"within\": \"10.1.0.0/16\"}}", "addr <<= inet '10.1.0.0/16'"),
        rows("{\"addr\": {\"within\": \"2001:db8::/32\"}}", "addr <<= inet '2001:db8::/32'"),
        rows("{\"addr\": {\"within\": \"2001:db8:1::/48\"}}", "addr <<= inet '2001:db8:1::/48'"),
        rows(
            "{\"addr\": [\"10.0.0.1\", \"::1\", \"10.20.0.0/16\"]}",
            "addr IN (inet '10.0.0.1', inet '::1', inet '10.20.0.0/16')"),
        rows("{\"addr\": {\"ne\": \"10.0.0.1\"}}", "addr <> inet '10.0.0.1'"),
        rows(
            "{\"addr\": {\"not_in\": [\"10.0.0.1\", \"fe80::1\"]}}",
            "addr NOT IN ('10.0.0.1', 'fe80::1')"),
        rows("{\"addr\": {\"is_null\": true}}", "addr IS NULL"),
        // JSON paths: text, number, boolean, NULL
        rows("{\"doc.user.id\": \"7\"}", "doc #>> '{user,id}' = '7'"),
        rows("{\"doc.user.id\": \"x'y\"}", "doc #>> '{user,id}' = 'x''y'"),
        rows(
            "{\"doc.user.id\": {\"not_in\": [\"7\", \"1\"]}}",
            "doc #>> '{user,id}' NOT IN ('7', '1')"),
        rows(
            "{\"doc.user.name\": {\"prefix\": \"u1\"}}",
            "substr(doc #>> '{user,name}', 1, 2) = 'u1'"),
        rows(
            "{\"doc.user.name\": {\"contains\": \"'\"}}",
            "position('''' in doc #>> '{user,name}') > 0"),
        rows("{\"doc.n\": 5}", jsonN + " = 5"),
        rows("{\"doc.n\": {\"gte\": 3, \"lt\": 9.5}}", jsonN + " >= 3 AND " + jsonN + " < 9.5"),
        rows("{\"doc.n\": {\"ne\": 5}}", jsonN + " <> 5"),
        rows("{\"doc.n\": [1, 2, 3.0, -2]}", jsonN + " IN (1, 2, 3, -2)"),
        rows("{\"doc.n\": {\"not_in\": [5, 9.5]}}", jsonN + " NOT IN (5, 9.5)"),
        rows("{\"doc.n\": \"5\"}", "doc ->> 'n' = '5'"),
        rows("{\"doc.n\": {\"gt\": \"3\"}}", "doc ->> 'n' > '3'"),
        rows("{\"doc.b\": true}", "doc -> 'b' = 'true'::jsonb"),
        rows("{\"doc.b\": {\"ne\": true}}", "doc -> 'b' = 'false'::jsonb"),
        rows("{\"doc.b\": [false]}", "doc -> 'b' = 'false'::jsonb"),
        rows("{\"doc.n\": {\"is_null\": true}}", "doc ->> 'n' IS NULL"),
        rows("{\"doc.user\": {\"is_null\": false}}", "doc ->> 'user' IS NOT NULL"),
        rows("{\"doc\": {\"is_null\": true}}", "doc IS NULL"),
        // columns the COPY path does not write: float, numeric, boolean, timestamp without zone
        all("{\"amount\": {\"gt\": 10.5}}", "amount > 10.5"),
        all("{\"amount\": {\"lte\": 1e10, \"gte\": -0.5}}", "amount <= 1e10 AND amount >= -0.5"),
        all("{\"amount\": [0, 7.25, 20]}", "amount IN (0, 7.25, 20)"),
        all("{\"amount\": {\"is_null\": true}}", "amount IS NULL"),
        all("{\"price\": {\"lte\": 50.625, \"ne\": 0}}", "price <= 50.625 AND price <> 0"),
        all("{\"price\": {\"not_in\": [7.125, 11]}}", "price NOT IN (7.125, 11)"),
        all("{\"flag\": false}", "flag = false"),
        all("{\"flag\": {\"ne\": true}}", "flag <> true"),
        all("{\"flag\": {\"in\": [true], \"is_null\": false}}", "flag = true"),
        all("{\"flag\": {\"is_null\": true}}", "flag IS NULL"),
        all(
            "{\"local_at\": {\"lt\": \"2024-05-03T02:00:00+02:00\"}}",
            "local_at < timestamp '2024-05-03 00:00:00'"),
        all(
            "{\"local_at\": \"2024-05-04T22:00:00Z\"}",
            "local_at = timestamp '2024-05-04 22:00:00'"),
        // both forms mixed, over two data types
        both(
            "{\"name\": {\"prefix\": \"a\"}, \"filter_all\": {\"flag\": true, \"amount\": {\"gte\":"
                + " 5}}, \"filter_rows\": {\"code\": {\"gte\": 0}}}",
            "substr(name, 1, 1) = 'a' AND code >= 0",
            "substr(name, 1, 1) = 'a' AND flag AND amount >= 5"),
        both("{\"amount\": {\"lt\": 3}}", "true", "amount < 3"),
        both(
            "{\"addr\": {\"within\": \"2001:db8::/32\"}, \"filter_rows\": {\"doc.n\": {\"gt\": 0}}}",
            "addr <<= inet '2001:db8::/32' AND " + jsonN + " > 0",
            "addr <<= inet '2001:db8::/32'"));
  }

  /** One export of a case in one format. */
  record Run(Case c, String format, String id) {}

  @Test
  void every_operator_and_form_keeps_the_rows_sql_keeps_on_both_read_paths() throws Exception {
    double copiedBefore = paths(ROWS, "copy");
    double generalBefore = paths(ROWS, "general");
    List<Run> runs = new ArrayList<>();
    for (Case c : cases()) {
      for (String format : List.of("csv", "jsonl")) {
        runs.add(new Run(c, format, null));
      }
    }
    SoftAssertions soft = new SoftAssertions();
    int copyRuns = 0;
    int generalRuns = 0;
    for (int from = 0; from < runs.size(); from += 12) {
      List<Run> batch = new ArrayList<>();
      for (Run run : runs.subList(from, Math.min(runs.size(), from + 12))) {
        batch.add(new Run(run.c(), run.format(), system.submit(body(run.c(), run.format()))));
      }
      for (Run run : batch) {
        check(run, soft);
        if (run.c().where().containsKey(ROWS)) {
          if (run.format().equals("csv")) {
            copyRuns++;
          } else {
            generalRuns++;
          }
        }
      }
    }
    soft.assertAll();
    assertThat(paths(ROWS, "copy") - copiedBefore)
        .as("filter_rows in CSV takes the COPY path")
        .isGreaterThanOrEqualTo(copyRuns);
    assertThat(paths(ROWS, "general") - generalBefore).isGreaterThanOrEqualTo(generalRuns);
  }

  @Test
  void the_manifest_records_the_filters_as_sent_and_the_conditions_per_data_type()
      throws Exception {
    Case mixed = cases().get(cases().size() - 3);
    String id = system.submit(body(mixed, "jsonl"));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    assertThat(status.get("config").get("filters"))
        .isEqualTo(system.json.readTree(mixed.filters()));
    JsonNode listing = system.parse(system.get("/download/" + id));
    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    assertThat(manifest.get("request").get("filters"))
        .isEqualTo(system.json.readTree(mixed.filters()));
    assertThat(manifest.get("filters").get(ROWS))
        .isEqualTo(
            system.json.readTree(
                "[{\"column\": \"name\", \"op\": \"prefix\", \"value\": \"a\"},"
                    + " {\"column\": \"code\", \"op\": \"gte\", \"value\": 0}]"));
    assertThat(manifest.get("filters").get(ALL))
        .isEqualTo(
            system.json.readTree(
                "[{\"column\": \"name\", \"op\": \"prefix\", \"value\": \"a\"},"
                    + " {\"column\": \"flag\", \"op\": \"eq\", \"value\": true},"
                    + " {\"column\": \"amount\", \"op\": \"gte\", \"value\": 5}]"));
  }

  @Test
  void an_estimate_counts_only_the_filtered_rows() throws Exception {
    long all = estimate("{\"data_types\": [\"filter_rows\"]}");
    long filtered =
        estimate("{\"data_types\": [\"filter_rows\"], \"filters\": {\"code\": {\"in\": [5, 6]}}}");
    assertThat(all).isGreaterThan(300);
    assertThat(filtered).isPositive().isLessThan(all / 5);
  }

  @Test
  void an_incremental_run_reads_only_new_rows_that_pass_the_filters() throws Exception {
    String filters = "{\"code\": {\"gte\": 0}, \"name\": {\"prefix\": \"inc\"}}";
    system.consumers("export-requests", false);
    try (Connection c = system.services.connect()) {
      execute(
          c,
          "INSERT INTO public.filter_rows (id, at, name, code) VALUES (900, '2024-06-01 00:00:00+00', 'inc old', 1)");
      String first = planIncremental(c, filters, null);
      assertThat(ids("jsonl", exported(first))).containsExactly(900L);
      execute(
          c,
          "INSERT INTO public.filter_rows (id, at, name, code) VALUES"
              + " (901, '2024-04-01 00:00:00+00', 'inc new', 5), (902, '2024-06-02 00:00:00+00', 'inc new', -5),"
              + " (903, '2024-06-03 00:00:00+00', 'other', 5), (904, '2024-06-04 00:00:00+00', 'inc new', NULL)");
      String second = planIncremental(c, filters, first);
      assertThat(ids("jsonl", exported(second))).containsExactly(901L);
    } finally {
      system.consumers("export-requests", true);
      try (Connection c = system.services.connect()) {
        execute(c, "DELETE FROM public.filter_rows WHERE id BETWEEN 900 AND 904");
      }
    }
  }

  /** An export made incremental (after {@code previous}, null: first of a chain), planned here. */
  private static String planIncremental(Connection c, String filters, String previous)
      throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"filter_rows\"], \"output_format\": \"jsonl\", \"validation_level\":"
                + " \"none\", \"filters\": "
                + filters
                + "}");
    String sql =
        previous == null
            ? "UPDATE exporter.export_jobs SET incremental = true WHERE id = '" + id + "'::uuid"
            : "UPDATE exporter.export_jobs n SET incremental = true,"
                + " after_xmin = pg_snapshot_xmin(p.snapshot_xids::pg_snapshot)::text::bigint,"
                + " after_xids = p.visible_xids FROM exporter.export_jobs p WHERE n.id = '"
                + id
                + "'::uuid AND p.id = '"
                + previous
                + "'::uuid";
    execute(c, sql);
    system
        .workers
        .get(0)
        .getBean(io.dataexporter.worker.planning.PlanExport.class)
        .run(java.util.UUID.fromString(id));
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    return id;
  }

  private static byte[] exported(String id) throws Exception {
    JsonNode listing = system.parse(system.get("/download/" + id));
    return system.fetch(dataFile(listing, ROWS).get("url").stringValue());
  }

  private static void execute(Connection c, String sql) throws Exception {
    try (var s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long estimate(String body) throws Exception {
    var response = system.post("/estimate", body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return system.parse(response).get("total_records").longValue();
  }

  private static String body(Case c, String format) {
    return "{\"data_types\": "
        + c.where().keySet().stream().map(t -> "\"" + t + "\"").toList()
        + ", \"output_format\": \""
        + format
        + "\", \"validation_level\": \"none\", \"filters\": "
        + c.filters()
        + "}";
  }

  private static void check(Run run, SoftAssertions soft) throws Exception {
    JsonNode status = system.awaitFinished(run.id(), Duration.ofMinutes(2));
    String label = run.format() + " " + run.c().filters();
    if (!status.get("status").stringValue().equals("completed")) {
      soft.fail(label + " did not complete: " + status);
      return;
    }
    JsonNode listing = system.parse(system.get("/download/" + run.id()));
    try (Connection c = system.services.connect()) {
      for (Map.Entry<String, String> type : run.c().where().entrySet()) {
        byte[] file = system.fetch(dataFile(listing, type.getKey()).get("url").stringValue());
        if (type.getKey().equals(ROWS)) {
          Records.Expected expected =
              Records.query(
                  c,
                  "SELECT "
                      + ROW_COLUMNS
                      + " FROM public.filter_rows WHERE "
                      + type.getValue()
                      + " ORDER BY at, id");
          List<Map<String, String>> exported =
              run.format().equals("csv")
                  ? Records.fromCsv(file, expected.columns())
                  : Records.fromJsonLines(file, expected.columns());
          soft.assertThat(exported).as(label + " " + type.getKey()).isEqualTo(expected.rows());
          if (!type.getValue().equals("true")) {
            // a case that keeps no row or every row would prove little
            soft.assertThat(expected.rows().size())
                .as("rows the SQL of " + label + " keeps")
                .isBetween(1, 312);
          }
        } else {
          soft.assertThat(ids(run.format(), file))
              .as(label + " " + type.getKey())
              .isEqualTo(expectedIds(c, type.getValue()));
        }
      }
    }
  }

  private static List<Long> expectedIds(Connection c, String where) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT id FROM public.filter_rows WHERE " + where + " ORDER BY at, id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }

  private static List<Long> ids(String format, byte[] file) throws Exception {
    String text = new String(file, StandardCharsets.UTF_8);
    List<Long> ids = new ArrayList<>();
    if (format.equals("csv")) {
      List<CSVRecord> records = CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
      records.subList(1, records.size()).forEach(r -> ids.add(Long.parseLong(r.get(0))));
    } else if (!text.isEmpty()) {
      for (String line : text.split("\n")) {
        ids.add(system.json.readTree(line).get("id").longValue());
      }
    }
    return ids;
  }

  private static JsonNode dataFile(JsonNode listing, String type) {
    for (JsonNode f : listing.get("files")) {
      // kind first: the data card and schema.json have no data type
      if (f.get("kind").stringValue().equals("data")
          && f.get("data_type").stringValue().equals(type)) {
        return f;
      }
    }
    throw new AssertionError("no data file for " + type + " in " + listing);
  }

  private static double paths(String dataType, String path) {
    return system.workerCount("exporter.shard.paths", "data_type", dataType, "path", path);
  }
}
