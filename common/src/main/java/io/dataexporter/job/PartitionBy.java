package io.dataexporter.job;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * {@code partition_by}: Hive-style folders by the data's time column, in UTC: {@code
 * date=2024-01-01}, {@code date=2024-01-01/hour=05}, {@code month=2024-01}. Rows without a time go
 * to {@code date=__null__} ({@code date=__null__/hour=__null__}, {@code month=__null__}), so every
 * level keeps its key.
 */
public enum PartitionBy {
  HOUR,
  DAY,
  MONTH;

  public static final String NULL = "__null__";

  /** The folder value of times after year 9999 (PostgreSQL's {@code infinity}). */
  public static final String INFINITY = "__infinity__";

  /** The folder value of times before year 1 (PostgreSQL's {@code -infinity}). */
  public static final String MINUS_INFINITY = "__-infinity__";

  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The folder path (no slashes at either end) of a row whose time is {@code time} (or null). Times
   * outside years 1 to 9999 ({@code infinity}, {@code -infinity}) go to {@code __infinity__} and
   * {@code __-infinity__} folders, after and before every dated one.
   */
  public String folder(Instant time) {
    if (time == null) {
      return labelled(NULL);
    }
    if (time.isBefore(FIRST)) {
      return labelled(MINUS_INFINITY);
    }
    if (!time.isBefore(END)) {
      return labelled(INFINITY);
    }
    ZonedDateTime t = time.atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> String.format(Locale.ROOT, "date=%s/hour=%02d", t.toLocalDate(), t.getHour());
      case DAY -> "date=" + t.toLocalDate();
      case MONTH -> String.format(Locale.ROOT, "month=%04d-%02d", t.getYear(), t.getMonthValue());
    };
  }

  private String labelled(String value) {
    return switch (this) {
      case HOUR -> "date=" + value + "/hour=" + value;
      case DAY -> "date=" + value;
      case MONTH -> "month=" + value;
    };
  }

  /** The start of the partition holding {@code time}: where a new folder begins. */
  public Instant floor(Instant time) {
    ZonedDateTime t = time.atZone(ZoneOffset.UTC);
    return switch (this) {
      case HOUR -> t.withMinute(0).withSecond(0).withNano(0).toInstant();
      case DAY -> t.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
      case MONTH -> t.toLocalDate().withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    };
  }
}
