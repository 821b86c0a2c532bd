package io.dataexporter.cli.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code --filter} expressions: every operator, how values are typed, and what is refused. */
class FilterConditionTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The condition as {@code column operator value-as-JSON}. */
  private static String parsed(String expression) {
    FilterCondition c = FilterCondition.parse(expression);
    return c.column() + " " + c.operator() + " " + JSON.writeValueAsString(c.value());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          level = ERROR                  | level eq "ERROR"
          level=ERROR                    | level eq "ERROR"
          level == ERROR                 | level eq "ERROR"
          level != DEBUG                 | level ne "DEBUG"
          level <> DEBUG                 | level ne "DEBUG"
          pid>100                        | pid gt 100
          pid >= 100                     | pid gte 100
          pid<100                        | pid lt 100
          pid<=-7                        | pid lte -7
          score > 0.25                   | score gt 0.25
          score < 1e3                    | score lt 1E+3
          pid eq 5                       | pid eq 5
          pid NE 5                       | pid ne 5
          pid gte 5                      | pid gte 5
          logs.level in ERROR,WARN       | logs.level in ["ERROR","WARN"]
          level in ERROR, WARN , INFO    | level in ["ERROR","WARN","INFO"]
          pid in [1,2,3]                 | pid in [1,2,3]
          level not_in DEBUG,TRACE       | level not_in ["DEBUG","TRACE"]
          level not in DEBUG             | level not_in ["DEBUG"]
          host prefix web-               | host prefix "web-"
          message contains 100%_done     | message contains "100%_done"
          host prefix 42                 | host prefix "42"
          source_ip within 10.0.0.0/8    | source_ip within "10.0.0.0/8"
          source_ip within 2001:db8::/32 | source_ip within "2001:db8::/32"
          host is_null                   | host is_null true
          host is_null false             | host is_null false
          host is_not_null               | host is_null false
          host not_null                  | host is_null false
          metadata.user.id=42            | metadata.user.id eq 42
          metadata.user.id='42'          | metadata.user.id eq "42"
          metadata.flag = true           | metadata.flag eq true
          message = "a = b"              | message eq "a = b"
          message = 'it\\'s'             | message eq "it's"
          timestamp >= 2024-01-01T00:00:00Z | timestamp gte "2024-01-01T00:00:00Z"
          source_ip = 10.0.0.1           | source_ip eq "10.0.0.1"
          process = 007                  | process eq "007"
          id = 12345678901234567890      | id eq 12345678901234567890
          """)
  void each_operator_and_value_becomes_its_api_form(String expression, String expected) {
    assertThat(parsed(expression)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          level in 'a,b',"c, d",3,'4'    | ["a,b","c, d",3,"4"]
          level in ERROR                 | ["ERROR"]
          level in ''                    | [""]
          """)
  void list_values_split_on_commas_outside_quotes(String expression, String values) {
    assertThat(JSON.writeValueAsString(FilterCondition.parse(expression).value()))
        .isEqualTo(JSON.writeValueAsString(JSON.readTree(values)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "level",
        "= ERROR",
        "level ~ ERROR",
        "level like ERR%",
        "level =",
        "level in",
        "level prefix",
        "host is_null maybe",
        "host is_not_null true",
        "level = null",
        "level = 'unclosed",
        "level in 'a,b",
        "message = 'a'b'",
        ".level = x",
        "metadata..id = 1",
        "level. = x"
      })
  void malformed_expressions_are_refused_with_a_reason(String expression) {
    assertThatThrownBy(() -> FilterCondition.parse(expression))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("null pointer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"level = ''", "level = \"\""})
  void a_quoted_empty_string_is_a_value(String expression) {
    JsonNode value = FilterCondition.parse(expression).value();
    assertThat(value.isString()).isTrue();
    assertThat(value.asString()).isEmpty();
  }
}
