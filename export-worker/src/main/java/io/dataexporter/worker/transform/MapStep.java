package io.dataexporter.worker.transform;

import io.dataexporter.transform.Transformation;
import io.dataexporter.worker.source.ColumnKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@code map} step compiled for its field's kind. The output keeps a plain kind when it can:
 * text when every replacement is a string, integer when every one is an integer, boolean when every
 * one is a boolean (nulls aside), and, without a default, the field's own values fit that kind too.
 * Otherwise the output is JSON ({@link ColumnKind#JSON_VALUE}): numbers stay numbers in JSON files,
 * strings are plain text in CSV.
 */
final class MapStep {
  private final ColumnKind outputKind;
  private final Map<String, Object> lookup = new HashMap<>();
  private final Transformation.MapValues step;
  private final ColumnKind inputKind;

  MapStep(Transformation.MapValues step, ColumnKind inputKind) {
    this.step = step;
    this.inputKind = inputKind;
    ColumnKind uniform = uniformKind(step);
    boolean keptFits =
        step.hasDefault()
            || uniform == null
            || uniform == inputKind
            || (uniform == ColumnKind.STRING && textual(inputKind));
    this.outputKind = !keptFits ? ColumnKind.JSON_VALUE : uniform == null ? inputKind : uniform;
    step.values().forEach((key, value) -> lookup.put(key, output(value)));
  }

  ColumnKind outputKind() {
    return outputKind;
  }

  /** The step on one value, null included. */
  Function<Object, Object> apply() {
    Object fallback = step.hasDefault() ? output(step.defaultValue()) : null;
    return value -> {
      if (value != null) {
        String key = ValueForms.text(value, inputKind);
        if (lookup.containsKey(key)) {
          return lookup.get(key);
        }
      }
      if (step.hasDefault()) {
        return fallback;
      }
      return value == null || outputKind != ColumnKind.JSON_VALUE
          ? value
          : ValueForms.json(value, inputKind);
    };
  }

  /** A replacement from the request as the output kind holds it. */
  private Object output(Object scalar) {
    if (scalar == null || outputKind != ColumnKind.JSON_VALUE) {
      return scalar;
    }
    return ValueForms.json(scalar);
  }

  /** STRING, INTEGER or BOOLEAN when all non-null replacements are of it; null when none is. */
  private static ColumnKind uniformKind(Transformation.MapValues step) {
    ColumnKind kind = null;
    for (Object v : replacements(step)) {
      if (v == null) {
        continue;
      }
      ColumnKind k =
          v instanceof String
              ? ColumnKind.STRING
              : v instanceof Long
                  ? ColumnKind.INTEGER
                  : v instanceof Boolean ? ColumnKind.BOOLEAN : ColumnKind.JSON_VALUE;
      if (kind != null && kind != k) {
        return ColumnKind.JSON_VALUE;
      }
      kind = k;
    }
    return kind;
  }

  private static List<Object> replacements(Transformation.MapValues step) {
    List<Object> all = new ArrayList<>(step.values().values());
    if (step.hasDefault()) {
      all.add(step.defaultValue());
    }
    all.removeIf(Objects::isNull);
    return all;
  }

  private static boolean textual(ColumnKind kind) {
    return kind == ColumnKind.STRING
        || kind == ColumnKind.TIMESTAMP
        || kind == ColumnKind.LOCAL_TIMESTAMP;
  }
}
