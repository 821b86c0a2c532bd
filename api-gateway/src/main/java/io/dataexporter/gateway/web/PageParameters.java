package io.dataexporter.gateway.web;

import io.dataexporter.error.InvalidRequestException;

/** The {@code limit} and {@code offset} of a paginated list, checked as query parameters. */
public record PageParameters(int limit, int offset) {

  /** Both parsed from text; out of range or not a number is a 400 naming the parameter. */
  public static PageParameters parse(String limit, String offset, int maxLimit) {
    return new PageParameters(
        integer("limit", limit, 1, maxLimit), integer("offset", offset, 0, Integer.MAX_VALUE));
  }

  private static int integer(String name, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new InvalidRequestException(name, "must be an integer from " + min + " to " + max);
  }
}
