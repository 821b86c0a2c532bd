package io.dataexporter.filter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Checks one JSON value against a column's type and gives its canonical text: the only text that
 * reaches SQL. Each check throws {@link Refused} with what the value must be.
 */
final class FilterValues {
  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");
  private static final DateTimeFormatter UTC_MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private FilterValues() {}

  /** A value that does not fit; the message says what would. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  /** A JSON integer within the range of {@code typeName} (int2, int4, int8). */
  static String integer(JsonNode node, String typeName) {
    long min;
    long max;
    switch (typeName.toLowerCase(Locale.ROOT)) {
      case "int2" -> {
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
      }
      case "int4" -> {
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
      }
      default -> {
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
      }
    }
    String range = "must be an integer from " + min + " to " + max;
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new Refused(range);
    }
    long value = node.longValue();
    if (value < min || value > max) {
      throw new Refused(range);
    }
    return Long.toString(value);
  }

  /** A finite JSON number; for a float column one that a double holds. */
  static String number(JsonNode node, boolean exactDecimal) {
    if (!node.isNumber()) {
      throw new Refused("must be a JSON number");
    }
    if (node.isIntegralNumber()) {
      if (!exactDecimal && !Double.isFinite(node.doubleValue())) {
        throw new Refused("must be a number a double precision column can compare with");
      }
      return node.bigIntegerValue().toString();
    }
    double d = node.doubleValue();
    if ((node.isDouble() || node.isFloat() || !exactDecimal) && !Double.isFinite(d)) {
      throw new Refused("must be a finite number");
    }
    return exactDecimal ? node.decimalValue().toString() : Double.toString(d);
  }

  static String text(JsonNode node) {
    if (!node.isString()) {
      throw new Refused("must be a string");
    }
    return node.stringValue();
  }

  static String bool(JsonNode node) {
    if (!node.isBoolean()) {
      throw new Refused("must be true or false");
    }
    return Boolean.toString(node.booleanValue());
  }

  /**
   * An ISO-8601 date-time with offset in years 1 to 9999, rounded to microseconds (as PostgreSQL
   * stores it); for a column without time zone, the UTC wall time (as exports write it).
   */
  static String timestamp(JsonNode node, boolean withZone) {
    String must = "must be an ISO-8601 date-time with offset, e.g. 2024-01-01T00:00:00Z";
    if (!node.isString()) {
      throw new Refused(must);
    }
    Instant t;
    try {
      t =
          OffsetDateTime.parse(node.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
              .toInstant();
    } catch (DateTimeParseException e) {
      throw new Refused(must);
    }
    if (t.isBefore(FIRST) || !t.isBefore(END)) {
      throw new Refused("must be in the years 1 to 9999");
    }
    String text = UTC_MICROS.format(t.plusNanos(500).truncatedTo(ChronoUnit.MICROS));
    return withZone ? text + "Z" : text;
  }

  /** An IPv4 or IPv6 address, optionally with a {@code /prefix} (a network). */
  static String address(JsonNode node) {
    String must = "must be an IPv4 or IPv6 address, optionally with /prefix, e.g. 10.0.0.0/8";
    if (!node.isString() || !isAddress(node.stringValue())) {
      throw new Refused(must);
    }
    return node.stringValue();
  }

  static boolean isAddress(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    boolean v6 = address.indexOf(':') >= 0;
    if (slash >= 0) {
      String prefix = text.substring(slash + 1);
      if (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > (v6 ? 128 : 32)) {
        return false;
      }
    }
    if (!v6) {
      String[] parts = address.split("\\.", -1);
      if (parts.length != 4) {
        return false;
      }
      for (String part : parts) {
        if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    // only hex digits, colons and dots: InetAddress parses it as a literal, never a host name
    if (!address.matches("[0-9A-Fa-f:.]{2,45}")) {
      return false;
    }
    try {
      InetAddress.getByName(address);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
