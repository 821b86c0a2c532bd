package io.dataexporter.transform;

import io.dataexporter.error.FieldError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code transformations}: an object from data type to the list of steps for it, e.g. {@code
 * {"logs": [{"op": "mask_ip", "field": "source_ip", "prefix": 24}]}}. Problems are reported per
 * step, e.g. {@code transformations.logs[1].field}.
 */
public final class TransformationParser {
  /** Longest separator, pattern, replacement, map key or string value. */
  static final int MAX_TEXT = 1000;

  /** Field names in one step's {@code fields}. */
  public static final int MAX_FIELDS = 50;

  /** Each operation and the keys its steps may have. */
  private static final Map<String, List<String>> KEYS = keys();

  /** Operations from before the key check: unknown keys in their steps are ignored. */
  private static final List<String> LENIENT =
      List.of(
          "fields", "rename", "drop", "mask_ip", "hash", "truncate", "extract", "timestamp_format");

  private TransformationParser() {}

  private static Map<String, List<String>> keys() {
    Map<String, List<String>> keys = new LinkedHashMap<>();
    keys.put("fields", List.of("op", "fields"));
    keys.put("rename", List.of("op", "from", "to"));
    keys.put("drop", List.of("op", "fields"));
    keys.put("mask_ip", List.of("op", "field", "prefix", "prefix_v6"));
    keys.put("hash", List.of("op", "field"));
    keys.put("truncate", List.of("op", "field", "max_length"));
    keys.put("extract", List.of("op", "field", "path", "as"));
    keys.put("timestamp_format", List.of("op", "format", "fields"));
    keys.put("concat", List.of("op", "fields", "separator", "to"));
    keys.put("map", List.of("op", "field", "values", "default"));
    keys.put("coalesce", List.of("op", "fields", "to"));
    keys.put("case", List.of("op", "field", "to", "case"));
    keys.put("regex_replace", List.of("op", "field", "pattern", "replacement"));
    keys.put("cast", List.of("op", "field", "to"));
    return Collections.unmodifiableMap(keys);
  }

  /** Parses the steps of every data type; adds an error per problem and skips bad steps. */
  public static Map<String, List<Transformation>> parse(JsonNode node, List<FieldError> errors) {
    Map<String, List<Transformation>> byType = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return byType;
    }
    if (!node.isObject()) {
      errors.add(
          new FieldError(
              "transformations", "must be an object mapping data types to lists of steps"));
      return byType;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String where = "transformations." + entry.getKey();
      if (!entry.getValue().isArray()) {
        errors.add(new FieldError(where, "must be a list of steps"));
        continue;
      }
      List<Transformation> steps = new ArrayList<>();
      boolean complete = true;
      int index = 0;
      for (JsonNode step : entry.getValue()) {
        Transformation parsed = step(step, where + "[" + index++ + "]", errors);
        if (parsed == null) {
          complete = false;
        } else {
          steps.add(parsed);
        }
      }
      // a list with a bad step is not checked further: its indexes would no longer match
      byType.put(entry.getKey(), complete ? steps : null);
    }
    return byType;
  }

  /** Checks each data type's steps against its columns; the message names the step at fault. */
  public static void checkFields(
      String dataType, List<String> columns, List<Transformation> steps, List<FieldError> errors) {
    if (steps == null) {
      return;
    }
    List<String> fields = columns;
    for (int i = 0; i < steps.size(); i++) {
      try {
        fields = steps.get(i).outputFields(fields);
      } catch (IllegalArgumentException e) {
        String where = "transformations." + dataType + "[" + i + "]";
        if (e instanceof StepArgumentException bad) {
          where += "." + bad.key();
        }
        errors.add(new FieldError(where, e.getMessage()));
        return;
      }
    }
  }

  private static Transformation step(JsonNode step, String where, List<FieldError> errors) {
    if (!step.isObject() || !step.has("op") || !step.get("op").isString()) {
      errors.add(new FieldError(where + ".op", "each step must be an object with an 'op'"));
      return null;
    }
    int before = errors.size();
    String op = step.get("op").stringValue();
    Transformation t =
        switch (op) {
          case "fields" -> new Transformation.Fields(names(step, "fields", where, errors));
          case "rename" ->
              new Transformation.Rename(
                  text(step, "from", where, errors), text(step, "to", where, errors));
          case "drop" -> new Transformation.Drop(names(step, "fields", where, errors));
          case "mask_ip" ->
              new Transformation.MaskIp(
                  text(step, "field", where, errors),
                  integer(step, "prefix", 24, 0, 32, where, errors),
                  integer(step, "prefix_v6", 48, 0, 128, where, errors));
          case "hash" -> new Transformation.Hash(text(step, "field", where, errors));
          case "truncate" ->
              new Transformation.Truncate(
                  text(step, "field", where, errors),
                  integer(step, "max_length", null, 1, Integer.MAX_VALUE, where, errors));
          case "extract" -> extract(step, where, errors);
          case "timestamp_format" -> timestampFormat(step, where, errors);
          case "concat" -> concat(step, where, errors);
          case "map" -> mapValues(step, where, errors);
          case "coalesce" ->
              new Transformation.Coalesce(
                  someNames(step, where, errors), text(step, "to", where, errors));
          case "case" -> changeCase(step, where, errors);
          case "regex_replace" -> regexReplace(step, where, errors);
          case "cast" ->
              new Transformation.Cast(
                  text(step, "field", where, errors),
                  choice(step, "to", Transformation.Cast.TYPES, where, errors));
          default -> {
            errors.add(
                new FieldError(
                    where + ".op",
                    "unknown operation '" + op + "'; known: " + String.join(", ", KEYS.keySet())));
            yield null;
          }
        };
    if (!LENIENT.contains(op) && KEYS.containsKey(op)) {
      for (String key : step.propertyNames()) {
        if (!KEYS.get(op).contains(key)) {
          errors.add(
              new FieldError(
                  where + "." + key, "is not a key of '" + op + "'; its keys: " + KEYS.get(op)));
        }
      }
    }
    return errors.size() == before ? t : null;
  }

  private static Transformation concat(JsonNode step, String where, List<FieldError> errors) {
    String separator = "";
    if (step.has("separator") && !step.get("separator").isNull()) {
      separator = string(step, "separator", where, errors);
    }
    return new Transformation.Concat(
        someNames(step, where, errors), separator, text(step, "to", where, errors));
  }

  private static Transformation mapValues(JsonNode step, String where, List<FieldError> errors) {
    String field = text(step, "field", where, errors);
    JsonNode values = step.get("values");
    Map<String, Object> dictionary = new LinkedHashMap<>();
    if (values == null || !values.isObject() || values.isEmpty()) {
      errors.add(
          new FieldError(
              where + ".values",
              "must be a non-empty object from a value's text to its replacement"));
    } else if (values.size() > Transformation.MapValues.MAX_VALUES) {
      errors.add(
          new FieldError(
              where + ".values",
              "must have at most " + Transformation.MapValues.MAX_VALUES + " entries"));
    } else {
      for (Map.Entry<String, JsonNode> entry : values.properties()) {
        if (entry.getKey().length() > MAX_TEXT) {
          errors.add(
              new FieldError(
                  where + ".values", "keys must be at most " + MAX_TEXT + " characters"));
          break;
        }
        dictionary.put(entry.getKey(), scalar(entry.getValue(), where + ".values", errors));
      }
    }
    boolean hasDefault = step.has("default");
    Object fallback = hasDefault ? scalar(step.get("default"), where + ".default", errors) : null;
    return new Transformation.MapValues(field, dictionary, hasDefault, fallback);
  }

  private static Transformation changeCase(JsonNode step, String where, List<FieldError> errors) {
    String field = text(step, "field", where, errors);
    // the issue writes "case (field, lower|upper)": the key "case" is accepted for "to"
    if (step.has("case") && !step.has("to")) {
      return new Transformation.ChangeCase(
          field, choice(step, "case", Transformation.ChangeCase.CASES, where, errors));
    }
    String to = choice(step, "to", Transformation.ChangeCase.CASES, where, errors);
    if (step.has("case") && to != null && !step.get("case").equals(step.get("to"))) {
      errors.add(new FieldError(where + ".case", "must be the same as 'to' when both are given"));
    }
    return new Transformation.ChangeCase(field, to);
  }

  private static Transformation regexReplace(JsonNode step, String where, List<FieldError> errors) {
    String field = text(step, "field", where, errors);
    String pattern = text(step, "pattern", where, errors);
    String replacement = string(step, "replacement", where, errors);
    if (pattern != null && replacement != null) {
      try {
        RegexReplacement.compile(pattern, replacement);
      } catch (StepArgumentException e) {
        errors.add(new FieldError(where + "." + e.key(), e.getMessage()));
      }
    }
    return new Transformation.RegexReplace(field, pattern, replacement);
  }

  /** A JSON scalar as a Java value: String, Long, Double, Boolean or null. */
  private static Object scalar(JsonNode v, String where, List<FieldError> errors) {
    if (v.isNull()) {
      return null;
    }
    if (v.isString() && v.stringValue().length() <= MAX_TEXT) {
      return v.stringValue();
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber() && Double.isFinite(v.doubleValue())) {
      return v.doubleValue();
    }
    errors.add(
        new FieldError(
            where,
            "must be a string of at most "
                + MAX_TEXT
                + " characters, a number, a boolean or null"));
    return null;
  }

  /** A string that may be empty, of at most MAX_TEXT characters. */
  private static String string(JsonNode step, String key, String where, List<FieldError> errors) {
    JsonNode v = step.get(key);
    if (v == null || !v.isString() || v.stringValue().length() > MAX_TEXT) {
      errors.add(
          new FieldError(
              where + "." + key, "must be a string of at most " + MAX_TEXT + " characters"));
      return null;
    }
    return v.stringValue();
  }

  private static String choice(
      JsonNode step, String key, List<String> allowed, String where, List<FieldError> errors) {
    JsonNode v = step.get(key);
    if (v == null || !v.isString() || !allowed.contains(v.stringValue())) {
      errors.add(new FieldError(where + "." + key, "must be one of " + allowed));
      return null;
    }
    return v.stringValue();
  }

  private static Transformation extract(JsonNode step, String where, List<FieldError> errors) {
    String path = text(step, "path", where, errors);
    if (path != null) {
      try {
        JsonPaths.toPointer(path);
      } catch (IllegalArgumentException e) {
        errors.add(new FieldError(where + ".path", e.getMessage()));
      }
    }
    return new Transformation.Extract(
        text(step, "field", where, errors), path, text(step, "as", where, errors));
  }

  private static Transformation timestampFormat(
      JsonNode step, String where, List<FieldError> errors) {
    String format = text(step, "format", where, errors);
    if (format != null && !Transformation.TimestampFormat.FORMATS.contains(format)) {
      errors.add(
          new FieldError(
              where + ".format", "must be one of " + Transformation.TimestampFormat.FORMATS));
    }
    List<String> fields = step.has("fields") ? names(step, "fields", where, errors) : List.of();
    return new Transformation.TimestampFormat(format, fields);
  }

  private static String text(JsonNode step, String key, String where, List<FieldError> errors) {
    JsonNode v = step.get(key);
    if (v == null || !v.isString() || v.stringValue().isEmpty()) {
      errors.add(new FieldError(where + "." + key, "must be a non-empty string"));
      return null;
    }
    return v.stringValue();
  }

  /** {@code fields} of concat and coalesce: at most MAX_FIELDS names, repeats allowed. */
  private static List<String> someNames(JsonNode step, String where, List<FieldError> errors) {
    JsonNode v = step.get("fields");
    if (v != null && v.isArray() && v.size() > MAX_FIELDS) {
      errors.add(
          new FieldError(where + ".fields", "must have at most " + MAX_FIELDS + " field names"));
      return List.of();
    }
    return names(step, "fields", where, errors);
  }

  private static List<String> names(
      JsonNode step, String key, String where, List<FieldError> errors) {
    JsonNode v = step.get(key);
    List<String> names = new ArrayList<>();
    if (v == null || !v.isArray() || v.isEmpty()) {
      errors.add(new FieldError(where + "." + key, "must be a non-empty list of field names"));
      return names;
    }
    for (JsonNode item : v) {
      if (!item.isString() || item.stringValue().isEmpty()) {
        errors.add(new FieldError(where + "." + key, "must contain only field names"));
        return names;
      }
      names.add(item.stringValue());
    }
    return names;
  }

  private static int integer(
      JsonNode step,
      String key,
      Integer fallback,
      int min,
      int max,
      String where,
      List<FieldError> errors) {
    JsonNode v = step.get(key);
    if (v == null || v.isNull()) {
      if (fallback == null) {
        errors.add(new FieldError(where + "." + key, "is required"));
        return 0;
      }
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
      errors.add(
          new FieldError(where + "." + key, "must be an integer from " + min + " to " + max));
      return 0;
    }
    return v.intValue();
  }
}
