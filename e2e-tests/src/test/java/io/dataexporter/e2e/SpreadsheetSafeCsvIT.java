package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code csv_escape_formulas}: text cells a spreadsheet would run as a formula get a leading {@code
 * '} on both read paths (COPY, and the general path after transformations), header names too;
 * integers and JSON never; without the flag, and in other formats, the bytes are unchanged.
 */
class SpreadsheetSafeCsvIT {
  private static RunningSystem system;

  /** Hostile text values (id = index + 1) and the cell each must become (null: NULL). */
  private static final String[][] NOTES = {
    {"=1+1", "'=1+1"},
    {"+1", "'+1"},
    {"-1", "'-1"},
    {"@SUM(A1)", "'@SUM(A1)"},
    {"\tcmd", "'\tcmd"},
    {"\rcmd", "'\rcmd"},
    {"\"=cmd\"", "\"=cmd\""},
    {"=\"cmd\"|' /C calc'!A0", "'=\"cmd\"|' /C calc'!A0"},
    {"'=already", "'=already"},
    {"ünïcödé 🚀 = fine", "ünïcödé 🚀 = fine"},
    {"=ünï", "'=ünï"},
    {"plain - text", "plain - text"},
    {"", ""},
    {null, null},
  };

  /** Rows after the hostile ones, so that the type has several shards. */
  private static final int FILLER = 3000;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      s.execute(
          """
          DROP TABLE IF EXISTS public.formula_cells;
          CREATE TABLE public.formula_cells (
            id bigint PRIMARY KEY, at timestamptz NOT NULL, note text, n integer, meta jsonb)""");
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO public.formula_cells VALUES (?, timestamptz '2024-03-01 00:00:00+00'"
                  + " + ? * interval '1 second', ?, ?, jsonb_build_object('s', ?::text, 'v', -3))")) {
        for (int i = 0; i < NOTES.length; i++) {
          insert.setLong(1, i + 1);
          insert.setInt(2, i);
          insert.setString(3, NOTES[i][0]);
          insert.setInt(4, -(i + 1));
          insert.setString(5, NOTES[i][0]);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      s.execute(
          "INSERT INTO public.formula_cells SELECT 1000 + g, timestamptz '2024-03-02 00:00:00+00'"
              + " + g * interval '1 second', '=filler ' || g, -g,"
              + " jsonb_build_object('s', '=filler ' || g, 'v', -3) FROM generate_series(1, "
              + FILLER
              + ") g");
      s.execute("ANALYZE public.formula_cells");
    }
  }

  @Test
  void the_copy_path_escapes_text_cells_and_leaves_negative_integers_alone() throws Exception {
    double copied = shards("copy");
    String id = submit("\"csv_escape_formulas\": true");
    assertThat(shards("copy") - copied)
        .as("every shard took the COPY path")
        .isEqualTo(
            system.parse(system.get("/" + id + "/progress")).get("shards_total").doubleValue())
        .isGreaterThan(1);
    List<CSVRecord> records = csv(download(id));
    assertThat(records.get(0).values()).containsExactly("id", "at", "note", "n", "meta");
    assertEscaped(records.subList(1, records.size()), "note", 2);
    for (CSVRecord r : records.subList(1, records.size())) {
      assertThat(r.get(3)).as("an integer column").startsWith("-");
      assertThat(r.get(4)).as("a JSON column").doesNotStartWith("'");
    }

    JsonNode status = system.parse(system.get("/" + id + "/status"));
    assertThat(status.get("config").get("csv_escape_formulas").booleanValue()).isTrue();
    JsonNode listing = system.parse(system.get("/download/" + id));
    JsonNode manifest = Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
    assertThat(manifest.get("request").get("csv_escape_formulas").booleanValue()).isTrue();
  }

  @Test
  void the_general_path_escapes_after_transformations_and_in_the_header() throws Exception {
    double general = shards("general");
    String id =
        submit(
            """
            "csv_escape_formulas": true, "transformations": {"formula_cells": [
              {"op": "extract", "field": "meta", "path": "$.s", "as": "@s"},
              {"op": "extract", "field": "meta", "path": "$.v", "as": "v"},
              {"op": "rename", "from": "note", "to": "=note"}]}""");
    assertThat(shards("general") - general).as("transformations: the general path").isPositive();
    String text = new String(download(id), StandardCharsets.UTF_8);
    assertThat(text).startsWith("id,at,'=note,n,meta,'@s,v\r\n");
    List<CSVRecord> records = csv(text.getBytes(StandardCharsets.UTF_8));
    List<CSVRecord> rows = records.subList(1, records.size());
    assertEscaped(rows, "=note", 2);
    assertEscaped(rows, "@s (a JSON string taken out by extract)", 5);
    for (CSVRecord r : rows) {
      assertThat(r.get(6)).as("a JSON number taken out by extract").isEqualTo("-3");
    }
  }

  @Test
  void without_the_flag_and_in_other_formats_the_output_is_unchanged() throws Exception {
    byte[] absent = download(submit(""));
    byte[] off = download(submit("\"csv_escape_formulas\": false"));
    assertThat(off).isEqualTo(absent);
    List<CSVRecord> records = csv(absent);
    assertThat(records.get(0).values()).containsExactly("id", "at", "note", "n", "meta");
    for (CSVRecord r : records.subList(1, records.size())) {
      long id = Long.parseLong(r.get(0));
      if (id <= NOTES.length) {
        String note = NOTES[(int) id - 1][0];
        assertThat(r.get(2)).as("id " + id).isEqualTo(note == null ? "" : note);
      }
    }

    for (String format : new String[] {"jsonl", "json"}) {
      String request =
          "{\"data_types\": [\"formula_cells\"], \"output_format\": \"%s\","
              + " \"include_metadata\": false %s}";
      byte[] plain = download(system.submit(request.formatted(format, "")));
      byte[] flagged =
          download(system.submit(request.formatted(format, ", \"csv_escape_formulas\": true")));
      assertThat(flagged).as(format).isEqualTo(plain);
    }
  }

  /** The hostile rows' cells in {@code column} are escaped; the filler's all start with '=. */
  private static void assertEscaped(List<CSVRecord> rows, String column, int index) {
    Map<Long, String> cells = new HashMap<>();
    for (CSVRecord r : rows) {
      cells.put(Long.parseLong(r.get(0)), r.get(index));
    }
    assertThat(cells).hasSize(NOTES.length + FILLER);
    for (int i = 0; i < NOTES.length; i++) {
      String expected = NOTES[i][1] == null ? "" : NOTES[i][1];
      assertThat(cells.get((long) i + 1)).as(column + " of " + NOTES[i][0]).isEqualTo(expected);
    }
    for (int g = 1; g <= FILLER; g++) {
      assertThat(cells.get(1000L + g)).isEqualTo("'=filler " + g);
    }
  }

  private static String submit(String fields) throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"formula_cells\"], \"output_format\": \"csv\""
                + (fields.isEmpty() ? "" : ", " + fields)
                + "}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    return id;
  }

  private static byte[] download(String id) throws Exception {
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id));
    return system.fetch(listing.get("files").get(0).get("url").stringValue());
  }

  /** Records as parsed; a NULL (empty, unquoted) and an empty string both read as "". */
  private static List<CSVRecord> csv(byte[] content) throws Exception {
    try (var parser =
        CSVFormat.RFC4180.parse(new StringReader(new String(content, StandardCharsets.UTF_8)))) {
      return new ArrayList<>(parser.getRecords());
    }
  }

  /** Completed shards of formula_cells by path, over both workers. */
  private static double shards(String path) {
    return system.workerCount("exporter.shard.paths", "data_type", "formula_cells", "path", path);
  }
}
