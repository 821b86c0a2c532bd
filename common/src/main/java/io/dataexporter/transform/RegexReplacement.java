package io.dataexporter.transform;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code regex_replace} step's engine: an RE2 pattern (RE2/J: no backtracking, time linear in
 * the input's length) and a replacement template, both checked before anything runs.
 *
 * <p>Template syntax (RE2/J's): {@code $0} is the whole match, {@code $1}...{@code $n} a group
 * (digits are read while they still name a group: with 3 groups {@code $10} is group 1 then "0"),
 * {@code ${name}} a named group {@code (?P<name>...)}; a backslash makes the next character literal
 * ({@code \$}, {@code \\}); any other {@code $} is literal. Referring to a group the pattern does
 * not have is refused up front. A group that did not take part in a match adds nothing.
 */
public final class RegexReplacement {
  public static final int MAX_PATTERN_LENGTH = 1000;
  public static final int MAX_REPLACEMENT_LENGTH = 1000;

  /**
   * Compiled instructions a pattern may take. Matching costs input length times this at most;
   * nested counted repetitions ({@code ((a{1000}){1000}){1000}}) would otherwise compile to
   * billions of instructions and exhaust the heap, so they are measured before compiling.
   */
  public static final int MAX_PROGRAM_SIZE = 2_000;

  private final Pattern pattern;
  private final List<Object> template;

  private RegexReplacement(Pattern pattern, List<Object> template) {
    this.pattern = pattern;
    this.template = template;
  }

  /**
   * @throws StepArgumentException naming {@code pattern} or {@code replacement}
   */
  public static RegexReplacement compile(String pattern, String replacement) {
    if (pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH) {
      throw new StepArgumentException(
          "pattern", "must be 1 to " + MAX_PATTERN_LENGTH + " characters");
    }
    if (replacement.length() > MAX_REPLACEMENT_LENGTH) {
      throw new StepArgumentException(
          "replacement", "must be at most " + MAX_REPLACEMENT_LENGTH + " characters");
    }
    if (RegexSize.estimate(pattern) > MAX_PROGRAM_SIZE) {
      throw new StepArgumentException("pattern", tooLarge());
    }
    Pattern compiled;
    try {
      compiled = Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new StepArgumentException(
          "pattern", "is not an RE2 regular expression: " + e.getMessage());
    }
    if (compiled.programSize() > MAX_PROGRAM_SIZE) {
      throw new StepArgumentException("pattern", tooLarge());
    }
    return new RegexReplacement(
        compiled, template(replacement, compiled.groupCount(), compiled.namedGroups()));
  }

  /** Every match (left to right, not overlapping) replaced by the template. */
  public String replaceAll(String input) {
    Matcher m = pattern.matcher(input);
    StringBuilder out = null;
    int appended = 0;
    int from = 0;
    while (from <= input.length() && m.find(from)) {
      if (out == null) {
        out = new StringBuilder(input.length() + 16);
      }
      out.append(input, appended, m.start());
      ValueCap.check(out.length(), "regex_replace");
      for (Object part : template) {
        if (part instanceof Integer group) {
          String text = m.group(group);
          if (text != null) {
            out.append(text);
          }
        } else {
          out.append((String) part);
        }
      }
      appended = m.end();
      if (m.end() > m.start()) {
        from = m.end();
      } else if (m.end() < input.length()) {
        // after an empty match, move on by a whole code point: never between a surrogate pair
        from = m.end() + Character.charCount(input.codePointAt(m.end()));
      } else {
        break;
      }
    }
    if (out == null) {
      return input;
    }
    out.append(input, appended, input.length());
    ValueCap.check(out.length(), "regex_replace");
    return out.toString();
  }

  private static String tooLarge() {
    return "is too large once its repetitions are expanded (at most "
        + MAX_PROGRAM_SIZE
        + " compiled instructions)";
  }

  /** The template as literal strings and group numbers. */
  private static List<Object> template(String text, int groups, Map<String, Integer> named) {
    List<Object> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        literal.append(text.charAt(i + 1));
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && isDigit(text.charAt(i + 1))) {
        int n = text.charAt(i + 1) - '0';
        i += 2;
        while (i < text.length() && isDigit(text.charAt(i)) && n * 10 + digit(text, i) <= groups) {
          n = n * 10 + digit(text, i++);
        }
        if (n > groups) {
          throw new StepArgumentException(
              "replacement", "refers to group $" + n + " but the pattern has " + groups);
        }
        flush(literal, parts);
        parts.add(n);
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          throw new StepArgumentException("replacement", "'${' without a closing '}'");
        }
        String name = text.substring(i + 2, close);
        Integer group = named.get(name);
        if (group == null) {
          throw new StepArgumentException(
              "replacement",
              "refers to group ${" + name + "}; the pattern's named groups: " + named.keySet());
        }
        flush(literal, parts);
        parts.add(group);
        i = close + 1;
      } else {
        literal.append(c);
        i++;
      }
    }
    flush(literal, parts);
    return List.copyOf(parts);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digit(String text, int at) {
    return text.charAt(at) - '0';
  }

  private static void flush(StringBuilder literal, List<Object> parts) {
    if (!literal.isEmpty()) {
      parts.add(literal.toString());
      literal.setLength(0);
    }
  }
}
