package io.dataexporter.cli.export;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * One {@code --filter} expression, {@code COLUMN OPERATOR [VALUE]}: a column (or dotted path, maybe
 * led by a data type), one operator of the API's filters and its value typed as JSON. See
 * docs/cli.md for the syntax.
 *
 * @param column the column as written, e.g. {@code level}, {@code logs.level} or {@code
 *     metadata.user.id}
 * @param operator the API's operator name, e.g. {@code gte}
 * @param value the operator's JSON value
 */
public record FilterCondition(String column, String operator, JsonNode value) {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

  /** Symbolic operators, longest first so that {@code >=} is not read as {@code >}. */
  private static final List<Map.Entry<String, String>> SYMBOLS =
      List.of(
          Map.entry(">=", "gte"),
          Map.entry("<=", "lte"),
          Map.entry("!=", "ne"),
          Map.entry("<>", "ne"),
          Map.entry("==", "eq"),
          Map.entry("=", "eq"),
          Map.entry(">", "gt"),
          Map.entry("<", "lt"));

  /** Operators written as words, with their API names. */
  private static final Map<String, String> WORDS =
      Map.ofEntries(
          Map.entry("eq", "eq"),
          Map.entry("ne", "ne"),
          Map.entry("gt", "gt"),
          Map.entry("gte", "gte"),
          Map.entry("lt", "lt"),
          Map.entry("lte", "lte"),
          Map.entry("in", "in"),
          Map.entry("not_in", "not_in"),
          Map.entry("prefix", "prefix"),
          Map.entry("contains", "contains"),
          Map.entry("within", "within"),
          Map.entry("is_null", "is_null"),
          Map.entry("is_not_null", "is_not_null"),
          Map.entry("not_null", "is_not_null"));

  /**
   * Parses one expression.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static FilterCondition parse(String expression) {
    String text = expression.strip();
    int end = 0;
    while (end < text.length() && !isOperatorStart(text.charAt(end))) {
      end++;
    }
    String column = text.substring(0, end);
    if (column.isEmpty()) {
      throw new IllegalArgumentException("no column before the operator");
    }
    if (column.startsWith(".") || column.endsWith(".") || column.contains("..")) {
      throw new IllegalArgumentException("'" + column + "' is not a column or dotted path");
    }
    String rest = text.substring(end).stripLeading();
    if (rest.isEmpty()) {
      throw new IllegalArgumentException(
          "no operator after '" + column + "' (e.g. =, !=, >=, in, prefix, is_null)");
    }
    for (Map.Entry<String, String> symbol : SYMBOLS) {
      if (rest.startsWith(symbol.getKey())) {
        String value = rest.substring(symbol.getKey().length()).strip();
        return new FilterCondition(column, symbol.getValue(), scalar(value, column));
      }
    }
    int space = indexOfSpace(rest);
    String word = rest.substring(0, space).toLowerCase(Locale.ROOT);
    String value = rest.substring(space).strip();
    if (word.equals("not") && value.toLowerCase(Locale.ROOT).matches("in(\\s.*)?")) {
      word = "not_in";
      value = value.substring(2).strip();
    }
    String operator = WORDS.get(word);
    if (operator == null) {
      throw new IllegalArgumentException(
          "unknown operator '"
              + rest.substring(0, space)
              + "' (=, !=, >, >=, <, <=, in, not_in, prefix, contains, within, is_null,"
              + " is_not_null)");
    }
    return switch (operator) {
      case "in", "not_in" -> new FilterCondition(column, operator, list(value, column));
      case "prefix", "contains", "within" ->
          new FilterCondition(column, operator, NODES.stringNode(text(value, column)));
      case "is_null" -> new FilterCondition(column, operator, nullTest(value, true));
      case "is_not_null" -> {
        if (!value.isEmpty()) {
          throw new IllegalArgumentException(word + " takes no value, got '" + value + "'");
        }
        yield new FilterCondition(column, "is_null", NODES.booleanNode(false));
      }
      default -> new FilterCondition(column, operator, scalar(value, column));
    };
  }

  private static boolean isOperatorStart(char c) {
    return Character.isWhitespace(c) || c == '=' || c == '!' || c == '<' || c == '>';
  }

  private static int indexOfSpace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return text.length();
  }

  private static JsonNode nullTest(String value, boolean bare) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "" -> NODES.booleanNode(bare);
      case "true" -> NODES.booleanNode(true);
      case "false" -> NODES.booleanNode(false);
      default -> throw new IllegalArgumentException("is_null takes true, false or nothing");
    };
  }

  /** A comma list of scalars; commas inside quotes belong to the value. */
  private static ArrayNode list(String value, String column) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("no values after 'in' for " + column);
    }
    String inner = value;
    if (inner.startsWith("[") && inner.endsWith("]")) {
      inner = inner.substring(1, inner.length() - 1);
    }
    ArrayNode values = NODES.arrayNode();
    for (String item : splitOutsideQuotes(inner)) {
      values.add(scalar(item.strip(), column));
    }
    return values;
  }

  private static List<String> splitOutsideQuotes(String text) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quote != 0 && c == '\\' && i + 1 < text.length()) {
        item.append(c).append(text.charAt(++i));
      } else if (quote != 0) {
        quote = c == quote ? 0 : quote;
        item.append(c);
      } else if (c == '\'' || c == '"') {
        quote = c;
        item.append(c);
      } else if (c == ',') {
        items.add(item.toString());
        item.setLength(0);
      } else {
        item.append(c);
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unclosed quote in '" + text + "'");
    }
    items.add(item.toString());
    return items;
  }

  /**
   * A value typed as JSON: quoted → string; {@code true}/{@code false} → boolean; a JSON number →
   * number; anything else → the string as written.
   */
  private static JsonNode scalar(String value, String column) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("no value for " + column + " (quote an empty string: '')");
    }
    if (isQuoted(value)) {
      return NODES.stringNode(unquote(value));
    }
    if (value.startsWith("'") || value.startsWith("\"")) {
      throw new IllegalArgumentException("unclosed quote in " + value);
    }
    if (value.equals("true") || value.equals("false")) {
      return NODES.booleanNode(Boolean.parseBoolean(value));
    }
    if (value.equals("null")) {
      throw new IllegalArgumentException(
          "null matches nothing: use '" + column + " is_null' (or quote it: 'null')");
    }
    if (INTEGER.matcher(value).matches()) {
      BigInteger number = new BigInteger(value);
      return number.bitLength() < 32
          ? NODES.numberNode(number.intValue())
          : number.bitLength() < 64
              ? NODES.numberNode(number.longValue())
              : NODES.numberNode(number);
    }
    if (NUMBER.matcher(value).matches()) {
      return NODES.numberNode(new BigDecimal(value));
    }
    return NODES.stringNode(value);
  }

  /** A value that is always text (prefix, contains, within): quotes are optional. */
  private static String text(String value, String column) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("no value for " + column);
    }
    if (isQuoted(value)) {
      return unquote(value);
    }
    if (value.startsWith("'") || value.startsWith("\"")) {
      throw new IllegalArgumentException("unclosed quote in " + value);
    }
    return value;
  }

  private static boolean isQuoted(String value) {
    if (value.length() < 2) {
      return false;
    }
    char first = value.charAt(0);
    return (first == '\'' || first == '"') && value.charAt(value.length() - 1) == first;
  }

  private static String unquote(String value) {
    char quote = value.charAt(0);
    StringBuilder text = new StringBuilder();
    for (int i = 1; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length() - 1) {
        text.append(value.charAt(++i));
      } else if (c == quote) {
        throw new IllegalArgumentException("stray quote in " + value + " (escape it with \\)");
      } else {
        text.append(c);
      }
    }
    return text.toString();
  }

  /** Makes {@code --filter} values conditions; a bad one is a usage error naming the option. */
  public static final class Converter implements ITypeConverter<FilterCondition> {
    @Override
    public FilterCondition convert(String expression) {
      try {
        return parse(expression);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + expression + "': " + e.getMessage());
      }
    }
  }
}
