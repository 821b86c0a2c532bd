package io.dataexporter.transform;

import java.util.ArrayList;
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
      fields.forEach(f -> requireField(input, f));
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
      requireField(input, from);
      if (!from.equals(to) && input.contains(to)) {
        throw new IllegalArgumentException("field '" + to + "' already exists");
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
      fields.forEach(f -> requireField(input, f));
      List<String> out = new ArrayList<>(input);
      out.removeAll(fields);
      if (out.isEmpty()) {
        throw new IllegalArgumentException("would drop every field");
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
      requireField(input, field);
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
      requireField(input, field);
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
      requireField(input, field);
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
      requireField(input, field);
      if (input.contains(as)) {
        throw new IllegalArgumentException("field '" + as + "' already exists");
      }
      JsonPaths.toPointer(path);
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
      fields.forEach(f -> requireField(input, f));
      return input;
    }

    public Map<String, Object> toMap() {
      return fields.isEmpty()
          ? map("op", op(), "format", format)
          : map("op", op(), "format", format, "fields", fields);
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

  private static void requireField(List<String> fields, String field) {
    if (!fields.contains(field)) {
      throw new IllegalArgumentException("unknown field '" + field + "'; fields here: " + fields);
    }
  }

  private static void requireDistinct(List<String> fields) {
    if (fields.stream().distinct().count() != fields.size()) {
      throw new IllegalArgumentException("fields must not repeat");
    }
  }

  private static Map<String, Object> map(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
