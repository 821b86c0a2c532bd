package io.dataexporter.job;

import io.dataexporter.error.FieldError;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Refuses text PostgreSQL cannot store: it rejects U+0000 in {@code text} and {@code jsonb}, so a
 * NUL anywhere in user text would otherwise fail at the insert, as a 500 after validation. Every
 * entry of user text checks here first and reports the field, e.g. {@code filters.host.in[1]}.
 */
public final class StorableText {
  public static final String NUL = "must not contain the NUL character (U+0000)";

  /** Beyond this many NULs in one request, the first ones are reported. */
  private static final int MAX_REPORTED = 20;

  private StorableText() {}

  public static boolean storable(String text) {
    return text == null || text.indexOf('\u0000') < 0;
  }

  /** Adds an error for {@code field} if {@code text} has a NUL. */
  public static void check(String field, String text, List<FieldError> errors) {
    if (!storable(text) && errors.size() < MAX_REPORTED) {
      errors.add(new FieldError(field, NUL));
    }
  }

  /** Checks every string and object key in {@code node}, naming each by its path. */
  public static void check(String field, JsonNode node, List<FieldError> errors) {
    if (node == null || errors.size() >= MAX_REPORTED) {
      return;
    }
    if (node.isString()) {
      check(field, node.stringValue(), errors);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        check(field + "[" + i + "]", node.get(i), errors);
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (storable(entry.getKey())) {
          check(field + "." + entry.getKey(), entry.getValue(), errors);
        } else if (errors.size() < MAX_REPORTED) {
          errors.add(new FieldError(field, "keys " + NUL));
        }
      }
    }
  }
}
