package io.dataexporter.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.PermanentException;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ValidationLevel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FilterParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Dataset LOGS =
      new Dataset(
          "logs",
          "public.logs",
          "id",
          "timestamp",
          "process",
          List.of(
              "id", "timestamp", "host", "pid", "level", "source_ip", "metadata", "ok", "score"));
  private static final Dataset IPS =
      new Dataset(
          "ips",
          "public.ips",
          "id",
          "last_seen",
          null,
          List.of("id", "last_seen", "ip", "metadata"));
  private static final Map<String, String> LOG_TYPES = new LinkedHashMap<>();

  static {
    LOG_TYPES.put("id", "int8");
    LOG_TYPES.put("timestamp", "timestamptz");
    LOG_TYPES.put("host", "text");
    LOG_TYPES.put("pid", "int4");
    LOG_TYPES.put("level", "varchar");
    LOG_TYPES.put("source_ip", "inet");
    LOG_TYPES.put("metadata", "jsonb");
    LOG_TYPES.put("ok", "bool");
    LOG_TYPES.put("score", "float8");
  }

  private final FilterParser parser =
      new FilterParser(
          new DatasetRegistry(List.of(LOGS, IPS)),
          new FixedColumnTypes(
              Map.of(
                  "logs",
                  LOG_TYPES,
                  "ips",
                  Map.of(
                      "id", "int8", "last_seen", "timestamp", "ip", "inet", "metadata", "jsonb"))));

  private Map<String, List<FilterCondition>> parse(String filters, String... types) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<FilterCondition>> result =
        parser.parse(JSON.readTree(filters), List.of(types), errors);
    assertThat(errors).isEmpty();
    return result;
  }

  private List<String> errors(String filters, String... types) {
    List<FieldError> errors = new ArrayList<>();
    parser.parse(JSON.readTree(filters), List.of(types), errors);
    return errors.stream().map(FieldError::field).toList();
  }

  private static List<String> sql(List<FilterCondition> conditions, boolean literals) {
    return conditions.stream().map(c -> c.sql(literals)).toList();
  }

  @Test
  void each_operator_writes_sargable_sql_with_parameters() {
    List<FilterCondition> c =
        parse(
                """
                {"level": "ERROR", "host": ["a", "b"], "pid": {"gte": 1, "lt": 10, "ne": 5},
                 "timestamp": {"gt": "2024-03-01T02:00:00+02:00"}, "source_ip": {"within": "10.0.0.0/8"},
                 "ok": {"not_in": [true]}, "score": {"lte": 0.5, "is_null": false},
                 "logs": {"host": {"prefix": "we", "contains": "b"}}}""",
                "logs")
            .get("logs");
    assertThat(sql(c, false))
        .containsExactly(
            "(\"level\" = CAST(? AS text))",
            "(\"host\" = ANY (CAST(? AS text[])))",
            "(\"pid\" >= CAST(? AS bigint))",
            "(\"pid\" < CAST(? AS bigint))",
            "(\"pid\" <> CAST(? AS bigint))",
            "(\"timestamp\" > CAST(? AS timestamptz))",
            "(\"source_ip\" <<= CAST(? AS inet))",
            "(\"ok\" <> ALL (CAST(? AS boolean[])))",
            "(\"score\" <= CAST(? AS float8))",
            "(\"score\" IS NOT NULL)",
            "(starts_with(\"host\", CAST(? AS text)))",
            "(strpos(\"host\", CAST(? AS text)) > 0)");
    assertThat(c.get(5).sql(true))
        .isEqualTo("(\"timestamp\" > CAST('2024-03-01T00:00:00.000000Z' AS timestamptz))");
    assertThat(c.get(1).describe())
        .isEqualTo(Map.of("column", "host", "op", "in", "value", List.of("a", "b")));
  }

  @Test
  void literals_double_quotes_and_keep_backslashes_percent_and_underscore_plain() {
    List<FilterCondition> c =
        parse(
                """
                {"host": {"eq": "it's '; DROP TABLE logs; --", "contains": "50%_\\\\x", "in": ["🚀", "a'b"]}}""",
                "logs")
            .get("logs");
    assertThat(sql(c, true))
        .containsExactly(
            "(\"host\" = CAST('it''s ''; DROP TABLE logs; --' AS text))",
            "(strpos(\"host\", CAST('50%_\\x' AS text)) > 0)",
            "(\"host\" = ANY (CAST(ARRAY['🚀', 'a''b'] AS text[])))");
  }

  @Test
  void numbers_reach_sql_as_the_parsed_value() {
    List<FilterCondition> c =
        parse("{\"pid\": {\"in\": [1, -7]}, \"score\": {\"gt\": 1e3}}", "logs").get("logs");
    assertThat(sql(c, true))
        .containsExactly(
            "(\"pid\" = ANY (CAST(ARRAY['1', '-7'] AS bigint[])))",
            "(\"score\" > CAST('1000.0' AS float8))");
  }

  @Test
  void json_paths_compare_as_text_number_or_boolean_by_the_value() {
    List<FilterCondition> c =
        parse(
                "{\"metadata.user.id\": \"7\", \"metadata.n\": {\"gt\": 2}, \"metadata.f\": true,"
                    + " \"metadata.x\": {\"is_null\": true}, \"metadata\": {\"is_null\": false}}",
                "logs")
            .get("logs");
    assertThat(sql(c, true))
        .containsExactly(
            "((\"metadata\" #>> CAST(ARRAY['user', 'id'] AS text[])) = CAST('7' AS text))",
            "((CASE WHEN jsonb_typeof(\"metadata\" #> CAST(ARRAY['n'] AS text[])) = 'number' THEN"
                + " CAST((\"metadata\" #>> CAST(ARRAY['n'] AS text[])) AS numeric) END) >"
                + " CAST('2' AS numeric))",
            "((CASE WHEN jsonb_typeof(\"metadata\" #> CAST(ARRAY['f'] AS text[])) = 'boolean' THEN"
                + " CAST((\"metadata\" #>> CAST(ARRAY['f'] AS text[])) AS boolean) END) ="
                + " CAST('true' AS boolean))",
            "((\"metadata\" #>> CAST(ARRAY['x'] AS text[])) IS NULL)",
            "(\"metadata\" IS NOT NULL)");
  }

  @Test
  void flat_keys_apply_to_every_requested_type_with_the_column_and_per_type_keys_to_theirs() {
    Map<String, List<FilterCondition>> c =
        parse(
            "{\"metadata.g\": 1, \"ips\": {\"ip\": {\"within\": \"2001:db8::/32\"}}}",
            "logs",
            "ips");
    assertThat(c.get("logs")).hasSize(1);
    assertThat(c.get("ips"))
        .extracting(FilterCondition::column)
        .containsExactly("metadata.g", "ip");
  }

  @Test
  void a_timestamp_without_zone_compares_as_utc_wall_time() {
    assertThat(
            parse("{\"last_seen\": {\"lt\": \"2024-03-01T01:00:00.1234567+01:00\"}}", "ips")
                .get("ips")
                .get(0)
                .sql(true))
        .isEqualTo("(\"last_seen\" < CAST('2024-03-01T00:00:00.123457' AS timestamp))");
  }

  @Test
  void the_row_filter_binds_conditions_after_its_own_parameters() {
    List<FilterCondition> c = parse("{\"level\": \"ERROR\"}", "logs").get("logs");
    RowFilter filter =
        new RowFilter(LOGS, java.time.Instant.parse("2024-01-01T00:00:00Z"), null, List.of("x"))
            .withConditions(c);
    assertThat(filter.whereClause())
        .isEqualTo(
            " WHERE \"timestamp\" >= ? AND \"process\" = ANY (?) AND (\"level\" = CAST(? AS text))");
    assertThat(filter.literalWhereClause()).endsWith("AND (\"level\" = CAST('ERROR' AS text))");
  }

  @Test
  void an_incremental_read_keeps_its_visibility_cut_and_adds_the_conditions() {
    List<FilterCondition> c = parse("{\"pid\": [1, 2]}", "logs").get("logs");
    RowFilter filter =
        new RowFilter(LOGS, null, null, List.of())
            .withIdHighWater(99L)
            .withVisibleAfter(new io.dataexporter.dataset.VisibleAfter(5, List.of(7L), 10))
            .withConditions(c);
    assertThat(filter.literalWhereClause())
        .contains("\"id\" <= 99")
        .contains("NOT (")
        .endsWith(" AND (\"pid\" = ANY (CAST(ARRAY['1', '2'] AS bigint[])))");
    assertThat(filter.whereClause()).endsWith(" AND (\"pid\" = ANY (CAST(? AS bigint[])))");
  }

  @Test
  void bad_filters_are_named_by_type_and_column() {
    assertThat(errors("{\"nope\": 1}", "logs")).containsExactly("filters.nope");
    assertThat(errors("{\"ips\": {\"ip\": \"10.0.0.1\"}}", "logs")).containsExactly("filters.ips");
    assertThat(errors("{\"logs\": {\"nope\": 1}}", "logs")).containsExactly("filters.logs.nope");
    assertThat(errors("{\"logs\": [1]}", "logs")).containsExactly("filters.logs");
    assertThat(errors("{\"pid\": \"1\"}", "logs")).containsExactly("filters.logs.pid");
    assertThat(errors("{\"pid\": 1.5}", "logs")).containsExactly("filters.logs.pid");
    assertThat(errors("{\"pid\": 3000000000}", "logs")).containsExactly("filters.logs.pid");
    assertThat(errors("{\"pid\": {\"prefix\": \"1\"}}", "logs"))
        .containsExactly("filters.logs.pid");
    assertThat(errors("{\"pid\": {\"between\": [1, 2]}}", "logs"))
        .containsExactly("filters.logs.pid");
    assertThat(errors("{\"pid\": {}}", "logs")).containsExactly("filters.logs.pid");
    assertThat(errors("{\"pid\": []}", "logs")).containsExactly("filters.logs.pid");
    assertThat(errors("{\"host\": {\"within\": \"10.0.0.0/8\"}}", "logs"))
        .containsExactly("filters.logs.host");
    assertThat(errors("{\"timestamp\": \"2024-03-01T00:00:00\"}", "logs"))
        .containsExactly("filters.logs.timestamp");
    assertThat(errors("{\"timestamp\": \"+10000-01-01T00:00:00Z\"}", "logs"))
        .containsExactly("filters.logs.timestamp");
    assertThat(errors("{\"source_ip\": \"example.com\"}", "logs"))
        .containsExactly("filters.logs.source_ip");
    assertThat(errors("{\"source_ip\": {\"within\": \"10.0.0.0/33\"}}", "logs"))
        .containsExactly("filters.logs.source_ip");
    assertThat(errors("{\"metadata\": \"x\"}", "logs")).containsExactly("filters.logs.metadata");
    assertThat(errors("{\"metadata.a.b.c.d.e.f.g.h.i\": 1}", "logs"))
        .containsExactly("filters.logs.metadata.a.b.c.d.e.f.g.h.i");
    assertThat(errors("{\"metadata..a\": 1}", "logs")).containsExactly("filters.logs.metadata..a");
    assertThat(errors("{\"host.a\": 1}", "logs")).containsExactly("filters.logs.host.a");
    assertThat(errors("{\"score\": \"NaN\"}", "logs")).containsExactly("filters.logs.score");
    assertThat(errors("{\"ok\": \"true\"}", "logs")).containsExactly("filters.logs.ok");
    assertThat(errors("{\"host\": null}", "logs")).containsExactly("filters.logs.host");
    assertThat(errors("{\"host\": {\"is_null\": 1}}", "logs")).containsExactly("filters.logs.host");
    assertThat(errors("{\"metadata.a\": [1, \"x\"]}", "logs"))
        .containsExactly("filters.logs.metadata.a");
    assertThat(errors("{\"metadata.a\": {\"prefix\": 1}}", "logs"))
        .containsExactly("filters.logs.metadata.a");
    assertThat(errors("{\"metadata.a\": {\"within\": \"10.0.0.0/8\"}}", "logs"))
        .containsExactly("filters.logs.metadata.a");
    assertThat(errors("{\"host\": {\"in\": " + "[" + "\"a\",".repeat(1000) + "\"a\"]}}", "logs"))
        .containsExactly("filters.logs.host");
    assertThat(errors("[1]", "logs")).containsExactly("filters");
    assertThat(errors("{\"metadata.a\": 1}", "logs", "ips")).isEmpty(); // both have metadata
  }

  @Test
  void a_stored_request_whose_filters_no_longer_fit_fails_for_good() {
    ExportRequest request =
        new ExportRequest(
            List.of("logs"),
            null,
            null,
            List.of(),
            10,
            false,
            ValidationLevel.NONE,
            OutputFormat.CSV,
            Compression.NONE,
            Map.of("gone", 1),
            Map.of(),
            false,
            null);
    assertThatThrownBy(() -> parser.conditions(request, LOGS))
        .isInstanceOf(PermanentException.class)
        .hasMessageContaining("filters.gone");
  }
}
