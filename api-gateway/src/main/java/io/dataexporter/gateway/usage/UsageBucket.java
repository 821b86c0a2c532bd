package io.dataexporter.gateway.usage;

import java.util.Locale;

/** A period length, named as PostgreSQL's {@code date_trunc} names it; weeks start on Monday. */
public enum UsageBucket {
  DAY,
  WEEK,
  MONTH;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
