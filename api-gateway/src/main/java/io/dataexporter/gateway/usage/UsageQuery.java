package io.dataexporter.gateway.usage;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The checked parameters of a usage request: whole UTC days from {@code from} to {@code to}, both
 * included, in buckets of a day, a week (starting Monday) or a month.
 *
 * @param from first day counted
 * @param to last day counted
 * @param bucket period length
 * @param user only this user's exports; null for everyone's
 */
record UsageQuery(LocalDate from, LocalDate to, UsageBucket bucket, String user) {
  static final int DEFAULT_DAYS = 30;
  static final int MAX_DAYS = 400;

  /**
   * Parses the query parameters (null when absent): by default the last {@value #DEFAULT_DAYS} days
   * up to today, by day. Every bad parameter is named in one 400.
   */
  static UsageQuery parse(String from, String to, String bucket, String user, Clock clock) {
    List<FieldError> errors = new ArrayList<>();
    LocalDate last =
        to == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)) : day("to", to, errors);
    LocalDate first =
        from == null
            ? (last == null ? null : last.minusDays(DEFAULT_DAYS - 1))
            : day("from", from, errors);
    UsageBucket period = bucket == null ? UsageBucket.DAY : bucket(bucket, errors);
    if (first != null && last != null) {
      if (first.isAfter(last)) {
        errors.add(new FieldError("from", "must not be after to"));
      } else if (ChronoUnit.DAYS.between(first, last) + 1 > MAX_DAYS) {
        errors.add(new FieldError("to", "must be at most " + MAX_DAYS + " days after from"));
      }
    }
    if (user != null && (user.isBlank() || user.length() > 200)) {
      errors.add(new FieldError("user", "must be a user name of 1 to 200 characters"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new UsageQuery(first, last, period, user);
  }

  UsageQuery forUser(String name) {
    return new UsageQuery(from, to, bucket, name);
  }

  private static LocalDate day(String field, String text, List<FieldError> errors) {
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date, YYYY-MM-DD"));
      return null;
    }
  }

  private static UsageBucket bucket(String text, List<FieldError> errors) {
    for (UsageBucket b : UsageBucket.values()) {
      if (b.wire().equals(text)) {
        return b;
      }
    }
    errors.add(
        new FieldError(
            "bucket",
            "must be one of "
                + Arrays.stream(UsageBucket.values()).map(UsageBucket::wire).toList()));
    return null;
  }
}
