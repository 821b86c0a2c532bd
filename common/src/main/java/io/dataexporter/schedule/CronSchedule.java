package io.dataexporter.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.scheduling.support.CronExpression;

/**
 * A Unix cron expression read in a time zone: five fields (minute, hour, day of month, month, day
 * of week) or one of the macros hourly, daily, midnight, weekly, monthly, yearly, annually (written
 * with a leading at sign).
 *
 * <p>As in Unix cron, when both day of month and day of week are restricted a day matching either
 * fires.
 */
public final class CronSchedule {
  private static final Map<String, String> MACROS =
      Map.of(
          "@hourly", "0 * * * *",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@weekly", "0 0 * * 0",
          "@monthly", "0 0 1 * *",
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *");

  private final String text;
  private final ZoneId zone;
  private final List<CronExpression> expressions;

  private CronSchedule(String text, ZoneId zone, List<CronExpression> expressions) {
    this.text = text;
    this.zone = zone;
    this.expressions = expressions;
  }

  /**
   * Parses {@code cron} for {@code zone}.
   *
   * @throws IllegalArgumentException with a message fit for a user when the expression is not valid
   */
  public static CronSchedule parse(String cron, ZoneId zone) {
    if (cron == null || cron.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    String trimmed = cron.trim();
    String unix = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
    if (unix.startsWith("@")) {
      throw new IllegalArgumentException(
          "unknown macro " + trimmed + "; use @hourly, @daily, @weekly, @monthly or @yearly");
    }
    String[] fields = unix.split("\\s+");
    if (fields.length != 5) {
      throw new IllegalArgumentException(
          "must have 5 fields (minute hour day-of-month month day-of-week), not " + fields.length);
    }
    for (String field : fields) {
      if (field.contains("?")
          || field.contains("#")
          || field.contains("W")
          || field.contains("L")) {
        throw new IllegalArgumentException("'" + field + "' is not Unix cron syntax");
      }
    }
    List<CronExpression> expressions = new ArrayList<>();
    try {
      // as Unix cron: a day field starting with * (such as */2) does not restrict
      boolean days = !fields[2].startsWith("*");
      boolean weekdays = !fields[4].startsWith("*");
      if (days && weekdays) {
        // Unix cron: either day field matching is enough
        expressions.add(spring(fields, fields[2], "*"));
        expressions.add(spring(fields, "*", fields[4]));
      } else {
        expressions.add(spring(fields, fields[2], fields[4]));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a valid cron expression: " + e.getMessage(), e);
    }
    CronSchedule schedule = new CronSchedule(trimmed, zone, List.copyOf(expressions));
    if (schedule.next(NEVER_CHECK_FROM) == null) {
      throw new IllegalArgumentException("never fires (no such date)");
    }
    return schedule;
  }

  /** Any cron that can fire does so within the eight years after this (a leap day included). */
  private static final Instant NEVER_CHECK_FROM = Instant.parse("2023-01-01T00:00:00Z");

  private static CronExpression spring(String[] f, String dayOfMonth, String dayOfWeek) {
    return CronExpression.parse(
        "0 " + f[0] + " " + f[1] + " " + dayOfMonth + " " + f[3] + " " + dayOfWeek);
  }

  public String text() {
    return text;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The first fire time strictly after {@code after}, or null when there is none. */
  public Instant next(Instant after) {
    // cron runs on the local clock: walk its local times and place each in the zone, a local
    // time in a gap moved forward by the gap, one in an overlap at its first occurrence; local
    // times that land at or before {@code after} (overlaps, gaps) are passed over
    LocalDateTime local = after.atZone(zone).toLocalDateTime();
    for (int i = 0; i < 100_000; i++) {
      local = earliest(local);
      if (local == null) {
        return null;
      }
      Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
      if (at.isAfter(after)) {
        return at;
      }
    }
    return null;
  }

  /**
   * The local time the cron matched for the fire time {@code fire}: its local time, except for a
   * time moved forward out of a daylight-saving gap, where it is the local time before the move.
   */
  public LocalDateTime localTimeOf(Instant fire) {
    LocalDateTime local = fire.minus(java.time.Duration.ofHours(6)).atZone(zone).toLocalDateTime();
    for (int i = 0; i < 100_000; i++) {
      local = earliest(local);
      if (local == null) {
        break;
      }
      Instant at = ZonedDateTime.ofLocal(local, zone, null).toInstant();
      if (at.equals(fire)) {
        return local;
      }
      if (at.isAfter(fire)) {
        break;
      }
    }
    return fire.atZone(zone).toLocalDateTime();
  }

  private LocalDateTime earliest(LocalDateTime from) {
    LocalDateTime best = null;
    for (CronExpression expression : expressions) {
      LocalDateTime candidate = expression.next(from);
      if (candidate != null && (best == null || candidate.isBefore(best))) {
        best = candidate;
      }
    }
    return best;
  }

  /** The next {@code count} fire times after {@code after}. */
  public List<Instant> next(Instant after, int count) {
    List<Instant> times = new ArrayList<>();
    Instant t = after;
    while (times.size() < count && (t = next(t)) != null) {
      times.add(t);
    }
    return times;
  }

  /** Fire times in {@code (after, until]}, at most {@code limit} of them (the earliest). */
  public List<Instant> between(Instant after, Instant until, int limit) {
    List<Instant> times = new ArrayList<>();
    Instant t = after;
    while (times.size() < limit && (t = next(t)) != null && !t.isAfter(until)) {
      times.add(t);
    }
    return times;
  }
}
