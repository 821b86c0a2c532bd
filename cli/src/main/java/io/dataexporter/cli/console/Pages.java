package io.dataexporter.cli.console;

import tools.jackson.databind.JsonNode;

/** The line under a listed page: which items of how many, on stderr. */
public final class Pages {
  private Pages() {}

  public static void footer(Session session, JsonNode page) {
    long total = page.path("total").asLong();
    long offset = page.path("offset").asLong();
    int shown = page.path("items").size();
    session.out().flush();
    session
        .err()
        .println(
            shown == 0
                ? "none of " + total
                : (offset + 1) + "-" + (offset + shown) + " of " + total);
    session.err().flush();
  }
}
