package io.dataexporter.transform;

import io.dataexporter.error.FieldError;
import java.util.ArrayList;
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
  private TransformationParser() {}

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
        errors.add(new FieldError("transformations." + dataType + "[" + i + "]", e.getMessage()));
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
    Transformation t =
        switch (step.get("op").stringValue()) {
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
          default -> {
            errors.add(
                new FieldError(
                    where + ".op",
                    "unknown operation '"
                        + step.get("op").stringValue()
                        + "'; known: fields, rename, drop, mask_ip, hash, truncate, extract, timestamp_format"));
            yield null;
          }
        };
    return errors.size() == before ? t : null;
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
