package io.dataexporter.filter;

import java.util.Locale;
import java.util.Optional;

/** The operators of a filter condition, by their wire names ({@code eq}, {@code not_in}, ...). */
public enum FilterOperator {
  EQ,
  NE,
  IN,
  NOT_IN,
  GT,
  GTE,
  LT,
  LTE,
  PREFIX,
  CONTAINS,
  IS_NULL,
  WITHIN;

  /** Most values an {@code in} or {@code not_in} list may hold. */
  public static final int MAX_LIST = 1000;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<FilterOperator> fromWire(String name) {
    for (FilterOperator op : values()) {
      if (op.wire().equals(name)) {
        return Optional.of(op);
      }
    }
    return Optional.empty();
  }

  boolean takesList() {
    return this == IN || this == NOT_IN;
  }
}
