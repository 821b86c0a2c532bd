package io.dataexporter.e2e;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records in a canonical form, so rows read from the database and records parsed from an export
 * file compare with equals: timestamps as ISO-8601 UTC strings, JSON as compact JSON text, numbers
 * as their Java text, everything else as text, NULL as null.
 */
final class Records {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  enum Kind {
    TEXT,
    TIMESTAMP,
    LONG,
    DOUBLE,
    JSON
  }

  /** Column names and kinds of one dataset, in output order. */
  record Columns(List<String> names, List<Kind> kinds) {}

  record Expected(Columns columns, List<Map<String, String>> rows) {}

  private Records() {}

  static Expected query(Connection c, String sql, Object... params) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        List<String> names = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          names.add(meta.getColumnLabel(i));
          kinds.add(
              switch (meta.getColumnTypeName(i)) {
                case "timestamptz" -> Kind.TIMESTAMP;
                case "int4", "int8", "int2", "serial", "bigserial" -> Kind.LONG;
                case "float8", "float4" -> Kind.DOUBLE;
                case "jsonb", "json" -> Kind.JSON;
                default -> Kind.TEXT;
              });
        }
        List<Map<String, String>> rows = new ArrayList<>();
        while (rs.next()) {
          Map<String, String> row = new LinkedHashMap<>();
          for (int i = 0; i < names.size(); i++) {
            int col = i + 1;
            String value =
                switch (kinds.get(i)) {
                  case TIMESTAMP -> {
                    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
                    yield t == null ? null : t.toInstant().toString();
                  }
                  case LONG -> rs.getObject(col) == null ? null : Long.toString(rs.getLong(col));
                  case DOUBLE ->
                      rs.getObject(col) == null ? null : Double.toString(rs.getDouble(col));
                  case JSON ->
                      rs.getString(col) == null
                          ? null
                          : JSON.readTree(rs.getString(col)).toString();
                  case TEXT -> rs.getString(col);
                };
            row.put(names.get(i), value);
          }
          rows.add(row);
        }
        return new Expected(new Columns(names, kinds), rows);
      }
    }
  }

  static byte[] gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  /** JSON Lines: one object per line, keys in column order. */
  static List<Map<String, String>> fromJsonLines(byte[] content, Columns columns) {
    List<Map<String, String>> rows = new ArrayList<>();
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return rows;
    }
    if (!text.endsWith("\n")) {
      throw new AssertionError("JSON Lines file does not end with a newline");
    }
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      rows.add(fromJsonObject(JSON.readTree(line), columns));
    }
    return rows;
  }

  /** A JSON file: an array, or with metadata {"metadata": {...}, "records": [...]}. */
  static List<Map<String, String>> fromJsonDocument(JsonNode document, Columns columns) {
    JsonNode array = document.isArray() ? document : document.get("records");
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode record : array) {
      rows.add(fromJsonObject(record, columns));
    }
    return rows;
  }

  static JsonNode readJson(byte[] content) {
    return JSON.readTree(content);
  }

  private static Map<String, String> fromJsonObject(JsonNode node, Columns columns) {
    List<String> keys = new ArrayList<>(node.propertyNames());
    if (!keys.equals(columns.names())) {
      throw new AssertionError("record keys " + keys + " differ from columns " + columns.names());
    }
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < columns.names().size(); i++) {
      JsonNode v = node.get(columns.names().get(i));
      row.put(
          columns.names().get(i),
          v.isNull()
              ? null
              : switch (columns.kinds().get(i)) {
                case LONG -> Long.toString(v.longValue());
                case DOUBLE -> Double.toString(v.doubleValue());
                case JSON -> v.toString();
                case TEXT, TIMESTAMP -> v.stringValue();
              });
    }
    return row;
  }

  /**
   * CSV: header once, then records; an unquoted empty field is NULL, a quoted one the empty string.
   */
  static List<Map<String, String>> fromCsv(byte[] content, Columns columns) throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setNullString("")
            .setQuoteMode(org.apache.commons.csv.QuoteMode.ALL_NON_NULL)
            .get();
    List<Map<String, String>> rows = new ArrayList<>();
    try (Reader reader =
            new InputStreamReader(new ByteArrayInputStream(content), StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
      Iterator<CSVRecord> it = parser.iterator();
      if (!it.hasNext()) {
        throw new AssertionError("CSV file has no header row");
      }
      List<String> header = it.next().toList();
      if (!header.equals(columns.names())) {
        throw new AssertionError(
            "CSV header " + header + " differs from columns " + columns.names());
      }
      while (it.hasNext()) {
        CSVRecord record = it.next();
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < columns.names().size(); i++) {
          String cell = record.get(i);
          row.put(
              columns.names().get(i),
              cell == null
                  ? null
                  : switch (columns.kinds().get(i)) {
                    case LONG -> Long.toString(Long.parseLong(cell));
                    case DOUBLE -> Double.toString(Double.parseDouble(cell));
                    case JSON -> JSON.readTree(cell).toString();
                    case TEXT, TIMESTAMP -> cell;
                  });
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
