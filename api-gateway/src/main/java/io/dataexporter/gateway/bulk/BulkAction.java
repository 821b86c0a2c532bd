package io.dataexporter.gateway.bulk;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a bulk request does to each export, and what a success is called in its results. */
enum BulkAction {
  CANCEL("cancelled"),
  DELETE("deleted");

  private final String done;

  BulkAction(String done) {
    this.done = done;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome of an item this action succeeded on. */
  String done() {
    return done;
  }

  /** The action named {@code text}, or null. */
  static BulkAction parse(String text) {
    return Arrays.stream(values()).filter(a -> a.wire().equals(text)).findFirst().orElse(null);
  }

  static List<String> names() {
    return Arrays.stream(values()).map(BulkAction::wire).toList();
  }
}
