package io.dataexporter.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.error.FieldError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The request form of the steps added in issue 16, and how bad steps are named. */
class TransformationParserTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final List<String> COLUMNS =
      List.of("id", "timestamp", "host", "process", "pid", "level", "message");

  private static List<Transformation> parse(String steps) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<Transformation>> parsed =
        TransformationParser.parse(JSON.readTree("{\"logs\": " + steps + "}"), errors);
    assertThat(errors).isEmpty();
    return parsed.get("logs");
  }

  /** The fields named by the problems of these steps, parsed and checked against COLUMNS. */
  private static List<String> problems(String steps) {
    List<FieldError> errors = new ArrayList<>();
    Map<String, List<Transformation>> parsed =
        TransformationParser.parse(JSON.readTree("{\"logs\": " + steps + "}"), errors);
    TransformationParser.checkFields("logs", COLUMNS, parsed.get("logs"), errors);
    return errors.stream().map(FieldError::field).toList();
  }

  private static List<Transformation> roundTrip(List<Transformation> steps) {
    return parse(JSON.writeValueAsString(steps.stream().map(Transformation::toMap).toList()));
  }

  @Test
  void every_new_step_reads_and_its_stored_form_reads_back_the_same() {
    List<Transformation> steps =
        parse(
            """
            [{"op": "concat", "fields": ["host", "pid", "host"], "separator": " | ", "to": "origin"},
             {"op": "concat", "fields": ["host"], "to": "host", "separator": null},
             {"op": "map", "field": "level", "values": {"ERROR": 3, "WARN": 2.5, "x": "y", "t": true, "n": null}},
             {"op": "map", "field": "level", "values": {"3": "three"}, "default": null},
             {"op": "map", "field": "level", "values": {"a": "b"}, "default": "other"},
             {"op": "coalesce", "fields": ["host", "process"], "to": "who"},
             {"op": "case", "field": "who", "to": "upper"},
             {"op": "case", "field": "who", "case": "lower"},
             {"op": "regex_replace", "field": "message", "pattern": "(\\\\d+)", "replacement": "<$1>"},
             {"op": "regex_replace", "field": "message", "pattern": "\\\\s", "replacement": ""},
             {"op": "cast", "field": "pid", "to": "float"}]""");
    assertThat(steps)
        .containsExactly(
            new Transformation.Concat(List.of("host", "pid", "host"), " | ", "origin"),
            new Transformation.Concat(List.of("host"), "", "host"),
            new Transformation.MapValues(
                "level",
                values("ERROR", 3L, "WARN", 2.5, "x", "y", "t", true, "n", null),
                false,
                null),
            new Transformation.MapValues("level", values("3", "three"), true, null),
            new Transformation.MapValues("level", values("a", "b"), true, "other"),
            new Transformation.Coalesce(List.of("host", "process"), "who"),
            new Transformation.ChangeCase("who", "upper"),
            new Transformation.ChangeCase("who", "lower"),
            new Transformation.RegexReplace("message", "(\\d+)", "<$1>"),
            new Transformation.RegexReplace("message", "\\s", ""),
            new Transformation.Cast("pid", "float"));
    assertThat(roundTrip(steps)).isEqualTo(steps);
    assertThat(steps.get(3).toMap()).containsEntry("default", null);
    assertThat(steps.get(2).toMap()).doesNotContainKey("default");
    assertThat(steps.get(7).toMap()).containsEntry("to", "lower").doesNotContainKey("case");
    assertThat(Transformation.outputFields(COLUMNS, steps))
        .containsExactly(
            "id", "timestamp", "host", "process", "pid", "level", "message", "origin", "who");
  }

  @Test
  void to_replaces_an_existing_field_in_place_and_appends_a_new_one() {
    assertThat(
            Transformation.outputFields(
                COLUMNS,
                parse(
                    "[{\"op\": \"coalesce\", \"fields\": [\"host\", \"process\"], \"to\": \"process\"}]")))
        .isEqualTo(COLUMNS);
    assertThat(
            Transformation.outputFields(
                COLUMNS, parse("[{\"op\": \"concat\", \"fields\": [\"id\"], \"to\": \"k\"}]")))
        .endsWith("message", "k");
  }

  @Test
  void unknown_fields_are_named_by_the_key_that_names_them() {
    assertThat(problems("[{\"op\": \"concat\", \"fields\": [\"host\", \"nope\"], \"to\": \"x\"}]"))
        .containsExactly("transformations.logs[0].fields");
    assertThat(problems("[{\"op\": \"coalesce\", \"fields\": [\"nope\"], \"to\": \"x\"}]"))
        .containsExactly("transformations.logs[0].fields");
    for (String op :
        List.of(
            "map\", \"values\": {\"a\": 1}",
            "case\", \"to\": \"lower\"",
            "cast\", \"to\": \"text\"",
            "regex_replace\", \"pattern\": \"a\", \"replacement\": \"b\"")) {
      assertThat(problems("[{\"op\": \"" + op + ", \"field\": \"nope\"}]"))
          .as(op)
          .containsExactly("transformations.logs[0].field");
    }
    // a field made by an earlier step is known to later ones, a dropped one is not
    assertThat(
            problems(
                "[{\"op\": \"concat\", \"fields\": [\"host\"], \"to\": \"h2\"}, {\"op\": \"case\", \"field\": \"h2\", \"to\": \"upper\"}]"))
        .isEmpty();
    assertThat(
            problems(
                "[{\"op\": \"drop\", \"fields\": [\"host\"]}, {\"op\": \"cast\", \"field\": \"host\", \"to\": \"text\"}]"))
        .containsExactly("transformations.logs[1].field");
    assertThat(problems("[{\"op\": \"rename\", \"from\": \"host\", \"to\": \"level\"}]"))
        .containsExactly("transformations.logs[0].to");
  }

  @Test
  void every_bad_argument_is_named() {
    assertThat(problems("[{\"op\": \"concat\", \"fields\": [], \"to\": \"x\"}]"))
        .containsExactly("transformations.logs[0].fields");
    assertThat(problems("[{\"op\": \"concat\", \"fields\": [\"host\"]}]"))
        .containsExactly("transformations.logs[0].to");
    assertThat(
            problems(
                "[{\"op\": \"concat\", \"fields\": [\"host\"], \"to\": \"x\", \"separator\": 1}]"))
        .containsExactly("transformations.logs[0].separator");
    assertThat(
            problems(
                "[{\"op\": \"concat\", \"fields\": [\"host\"], \"to\": \"x\", \"sep\": \",\"}]"))
        .containsExactly("transformations.logs[0].sep");
    assertThat(problems("[{\"op\": \"map\", \"field\": \"level\", \"values\": [\"a\"]}]"))
        .containsExactly("transformations.logs[0].values");
    assertThat(problems("[{\"op\": \"map\", \"field\": \"level\", \"values\": {}}]"))
        .containsExactly("transformations.logs[0].values");
    assertThat(
            problems("[{\"op\": \"map\", \"field\": \"level\", \"values\": {\"a\": {\"b\": 1}}}]"))
        .containsExactly("transformations.logs[0].values");
    assertThat(
            problems(
                "[{\"op\": \"map\", \"field\": \"level\", \"values\": {\"a\": 1}, \"default\": [1]}]"))
        .containsExactly("transformations.logs[0].default");
    assertThat(problems("[{\"op\": \"case\", \"field\": \"level\", \"to\": \"title\"}]"))
        .containsExactly("transformations.logs[0].to");
    assertThat(problems("[{\"op\": \"case\", \"field\": \"level\"}]"))
        .containsExactly("transformations.logs[0].to");
    assertThat(
            problems(
                "[{\"op\": \"case\", \"field\": \"level\", \"case\": \"upper\", \"to\": \"lower\"}]"))
        .containsExactly("transformations.logs[0].case");
    assertThat(problems("[{\"op\": \"cast\", \"field\": \"pid\", \"to\": \"date\"}]"))
        .containsExactly("transformations.logs[0].to");
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"(a\", \"replacement\": \"\"}]"))
        .containsExactly("transformations.logs[0].pattern");
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"(?<=a)b\", \"replacement\": \"\"}]"))
        .containsExactly("transformations.logs[0].pattern");
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"(a)\", \"replacement\": \"$2\"}]"))
        .containsExactly("transformations.logs[0].replacement");
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"(?P<w>a)\", \"replacement\": \"${v}\"}]"))
        .containsExactly("transformations.logs[0].replacement");
    assertThat(
            problems("[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"a\"}]"))
        .containsExactly("transformations.logs[0].replacement");
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"\", \"replacement\": \"x\"}]"))
        .containsExactly("transformations.logs[0].pattern");
  }

  @Test
  void sizes_are_capped() {
    assertThat(problems("[{\"op\": \"concat\", \"fields\": " + names(51) + ", \"to\": \"x\"}]"))
        .containsExactly("transformations.logs[0].fields");
    StringBuilder values = new StringBuilder("{");
    for (int i = 0; i <= 1000; i++) {
      values.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
    }
    assertThat(problems("[{\"op\": \"map\", \"field\": \"level\", \"values\": " + values + "}}]"))
        .containsExactly("transformations.logs[0].values");
    String longPattern = "a".repeat(1001);
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \""
                    + longPattern
                    + "\", \"replacement\": \"\"}]"))
        .containsExactly("transformations.logs[0].pattern");
  }

  @Test
  void a_pattern_whose_repetitions_explode_is_refused_before_it_is_compiled() {
    long t0 = System.nanoTime();
    // compiled, this one would need billions of instructions (an OutOfMemoryError in RE2/J 1.8)
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"((a{1000}){1000}){1000}\", \"replacement\": \"\"}]"))
        .containsExactly("transformations.logs[0].pattern");
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"(x{100}){200}\", \"replacement\": \"\"}]"))
        .containsExactly("transformations.logs[0].pattern");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    // sizeable but fine patterns pass, braces in classes and escapes are not repetitions
    assertThat(
            problems(
                "[{\"op\": \"regex_replace\", \"field\": \"message\", \"pattern\": \"\\\\d{1,3}(\\\\.\\\\d{1,3}){3}[{]{2}\\\\{5}\", \"replacement\": \"ip\"}]"))
        .isEmpty();
    assertThat(RegexSize.estimate("((a{1000}){1000}){1000}"))
        .isGreaterThanOrEqualTo(1_000_000_000L);
    assertThat(RegexSize.estimate("[a{9999}]\\{9999}")).isLessThan(10);
  }

  @Test
  void the_steps_from_before_keep_ignoring_unknown_keys() {
    assertThat(problems("[{\"op\": \"hash\", \"field\": \"host\", \"salt\": 1}]")).isEmpty();
  }

  private static String names(int n) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add("\"host\"");
    }
    return "[" + String.join(",", names) + "]";
  }

  private static Map<String, Object> values(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
