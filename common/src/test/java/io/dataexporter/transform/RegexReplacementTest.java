package io.dataexporter.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RegexReplacementTest {

  private static String replace(String pattern, String replacement, String input) {
    return RegexReplacement.compile(pattern, replacement).replaceAll(input);
  }

  @Test
  void groups_named_groups_and_escapes_follow_re2j_syntax() {
    assertThat(replace("(\\d+)-(\\d+)", "$2/$1", "a 12-34 b 5-6")).isEqualTo("a 34/12 b 6/5");
    assertThat(replace("(?P<user>\\w+)@(\\w+)", "${user} at $2", "bob@host"))
        .isEqualTo("bob at host");
    assertThat(replace("x", "\\$1 \\\\ $ $x", "x")).isEqualTo("$1 \\ $ $x");
    assertThat(replace("(a)", "$10", "a"))
        .as("digits only while they name a group")
        .isEqualTo("a0");
    assertThat(replace("(a)|b", "[$1]", "ab")).as("a group out of the match").isEqualTo("[a][]");
    assertThat(replace("\\d", "$0$0", "a1")).isEqualTo("a11");
    assertThat(replace("(?i)error", "E", "Error ERROR error")).isEqualTo("E E E");
  }

  @Test
  void empty_matches_never_split_a_surrogate_pair() {
    assertThat(replace("x*", "-", "abc")).isEqualTo("-a-b-c-");
    assertThat(replace("(?:)", "|", "a🚀b")).isEqualTo("|a|🚀|b|");
    assertThat(replace(".", "<$0>", "é🚀")).isEqualTo("<é><🚀>");
    assertThat(replace("\\p{Greek}+", "G", "abc αβγ 日本")).isEqualTo("abc G 日本");
    assertThat(replace("^", ">", "")).isEqualTo(">");
    assertThat(replace("a", "b", "")).isEmpty();
  }

  @Test
  void anchors_and_word_boundaries_see_the_whole_value() {
    assertThat(replace("^a", "X", "aaa")).isEqualTo("Xaa");
    assertThat(replace("a$", "X", "aaa")).isEqualTo("aaX");
    assertThat(replace("\\bb", "X", "ab b")).isEqualTo("ab X");
  }

  @Test
  void hostile_patterns_run_in_linear_time() {
    String input = "a".repeat(200_000);
    long t0 = System.nanoTime();
    assertThat(replace("(a*)*b", "x", input)).isEqualTo(input);
    assertThat(replace("(a|a)*c", "x", input)).isEqualTo(input);
    assertThat(replace("(x+x+)+y", "x", "x".repeat(50_000))).hasSize(50_000);
    // a backtracking engine needs longer than the age of the universe for these
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void many_matches_in_a_long_value_take_linear_time() {
    String input = "ab".repeat(200_000);
    long t0 = System.nanoTime();
    assertThat(replace(".", "x", input)).hasSize(400_000);
    assertThat(replace("x*", "-", input)).hasSize(800_001);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void backreferences_and_lookaround_are_not_re2_and_are_refused() {
    assertThatThrownBy(() -> RegexReplacement.compile("(a)\\1", ""))
        .isInstanceOf(StepArgumentException.class)
        .hasMessageContaining("RE2");
    assertThatThrownBy(() -> RegexReplacement.compile("a(?=b)", ""))
        .isInstanceOf(StepArgumentException.class);
    assertThatThrownBy(() -> RegexReplacement.compile("a", "${x"))
        .isInstanceOf(StepArgumentException.class)
        .extracting(e -> ((StepArgumentException) e).key())
        .isEqualTo("replacement");
  }
}
