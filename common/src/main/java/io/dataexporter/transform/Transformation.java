package io.dataexporter.transform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One declarative step reshaping the records of a data type. Steps apply in request order; each one
 * works on the fields the previous steps left. {@link #outputFields} checks a step against those
 * fields, which is how bad requests are refused before anything runs.
 */
public sealed interface Transformation {

  /** The operation name in requests. */
  String op();

  /**
   * The fields after this step, given the fields before it.
   *
   * @throws IllegalArgumentException naming the problem, when the step does not fit the fields
   */
  List<String> outputFields(List<String> input);

  /** The request form of this step. */
  Map<String, Object> toMap();

  /** Keep only these fields, in this order. */
  record Fields(List<String> fields) implements Transformation {
    public String op() {
      return "fields";
    }

    public List<String> outputFields(List<String> input) {
      fields.forEach(f -> requireField(input, f, "fields"));
      requireDistinct(fields);
      return List.copyOf(fields);
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "fields", fields);
    }
  }

  /** Give a field another name; its position stays. */
  record Rename(String from, String to) implements Transformation {
    public String op() {
      return "rename";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, from, "from");
      if (!from.equals(to) && input.contains(to)) {
        throw new StepArgumentException("to", "field '" + to + "' already exists");
      }
      List<String> out = new ArrayList<>(input);
      out.set(out.indexOf(from), to);
      return out;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "from", from, "to", to);
    }
  }

  /** Remove fields. */
  record Drop(List<String> fields) implements Transformation {
    public String op() {
      return "drop";
    }

    public List<String> outputFields(List<String> input) {
      fields.forEach(f -> requireField(input, f, "fields"));
      List<String> out = new ArrayList<>(input);
      out.removeAll(fields);
      if (out.isEmpty()) {
        throw new StepArgumentException("fields", "would drop every field");
      }
      return out;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "fields", fields);
    }
  }

  /**
   * Replace an IP address by its network: the first {@code prefix} (IPv4) or {@code prefixV6} bits.
   */
  record MaskIp(String field, int prefix, int prefixV6) implements Transformation {
    public String op() {
      return "mask_ip";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      return input;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field, "prefix", prefix, "prefix_v6", prefixV6);
    }
  }

  /** Replace a value by its keyed HMAC-SHA-256 (hex): stable across exports, not reversible. */
  record Hash(String field) implements Transformation {
    public String op() {
      return "hash";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      return input;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field);
    }
  }

  /** Cut text values to at most {@code maxLength} characters. */
  record Truncate(String field, int maxLength) implements Transformation {
    public String op() {
      return "truncate";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      return input;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field, "max_length", maxLength);
    }
  }

  /** Copy the value at a JSON path of a JSON field into a new field, appended at the end. */
  record Extract(String field, String path, String as) implements Transformation {
    public String op() {
      return "extract";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      if (input.contains(as)) {
        throw new StepArgumentException("as", "field '" + as + "' already exists");
      }
      try {
        JsonPaths.toPointer(path);
      } catch (IllegalArgumentException e) {
        throw new StepArgumentException("path", e.getMessage());
      }
      List<String> out = new ArrayList<>(input);
      out.add(as);
      return out;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field, "path", path, "as", as);
    }
  }

  /** Write timestamps as ISO-8601 UTC (the default) or as epoch milliseconds. */
  record TimestampFormat(String format, List<String> fields) implements Transformation {
    public static final List<String> FORMATS = List.of("iso8601", "epoch_millis");

    public String op() {
      return "timestamp_format";
    }

    public List<String> outputFields(List<String> input) {
      fields.forEach(f -> requireField(input, f, "fields"));
      return input;
    }

    public Map<String, Object> toMap() {
      return fields.isEmpty()
          ? map("op", op(), "format", format)
          : map("op", op(), "format", format, "fields", fields);
    }
  }

  /**
   * Join the text forms of fields with a separator into {@code to}. NULLs are skipped (as SQL's
   * {@code concat_ws} does); when every one is NULL the result is NULL.
   */
  record Concat(List<String> fields, String separator, String to) implements Transformation {
    public String op() {
      return "concat";
    }

    public List<String> outputFields(List<String> input) {
      fields.forEach(f -> requireField(input, f, "fields"));
      return withTarget(input, to);
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "fields", fields, "separator", separator, "to", to);
    }
  }

  /**
   * Replace a value by the entry of {@code values} under its text form. A value with no entry (NULL
   * included) becomes {@code defaultValue} when the step has one, and is kept otherwise.
   *
   * @param values text form to replacement: a string, a number (Long or Double), a boolean or null
   */
  record MapValues(
      String field, Map<String, Object> values, boolean hasDefault, Object defaultValue)
      implements Transformation {
    public static final int MAX_VALUES = 1000;

    public MapValues {
      values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public String op() {
      return "map";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      return input;
    }

    public Map<String, Object> toMap() {
      Map<String, Object> map = map("op", op(), "field", field, "values", values);
      if (hasDefault) {
        map.put("default", defaultValue);
      }
      return map;
    }
  }

  /** The first non-NULL value of the fields (an empty string is not NULL) into {@code to}. */
  record Coalesce(List<String> fields, String to) implements Transformation {
    public String op() {
      return "coalesce";
    }

    public List<String> outputFields(List<String> input) {
      fields.forEach(f -> requireField(input, f, "fields"));
      return withTarget(input, to);
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "fields", fields, "to", to);
    }
  }

  /** The text form of a value in lower or upper case (full Unicode mapping, Locale.ROOT). */
  record ChangeCase(String field, String to) implements Transformation {
    public static final List<String> CASES = List.of("lower", "upper");

    public String op() {
      return "case";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      return input;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field, "to", to);
    }
  }

  /** Every match of an RE2 pattern in the text form of a value replaced; see RegexReplacement. */
  record RegexReplace(String field, String pattern, String replacement) implements Transformation {
    public String op() {
      return "regex_replace";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      RegexReplacement.compile(pattern, replacement);
      return input;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field, "pattern", pattern, "replacement", replacement);
    }
  }

  /** Convert a value to another type; a value that does not convert becomes NULL. */
  record Cast(String field, String to) implements Transformation {
    public static final List<String> TYPES = List.of("text", "integer", "float", "boolean");

    public String op() {
      return "cast";
    }

    public List<String> outputFields(List<String> input) {
      requireField(input, field, "field");
      return input;
    }

    public Map<String, Object> toMap() {
      return map("op", op(), "field", field, "to", to);
    }
  }

  /** Applies steps in order to a starting field list. */
  static List<String> outputFields(List<String> input, List<Transformation> steps) {
    List<String> fields = input;
    for (Transformation step : steps) {
      fields = step.outputFields(fields);
    }
    return fields;
  }

  private static void requireField(List<String> fields, String field, String key) {
    if (!fields.contains(field)) {
      throw new StepArgumentException(key, "unknown field '" + field + "'; fields here: " + fields);
    }
  }

  private static void requireDistinct(List<String> fields) {
    if (fields.stream().distinct().count() != fields.size()) {
      throw new StepArgumentException("fields", "fields must not repeat");
    }
  }

  /** The fields after writing {@code to}: in place when it exists, else appended at the end. */
  private static List<String> withTarget(List<String> input, String to) {
    if (input.contains(to)) {
      return input;
    }
    List<String> out = new ArrayList<>(input);
    out.add(to);
    return out;
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
