package io.dataexporter.gateway.schedule;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.dataexporter.gateway.export.ExportRequestParser;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.StorableText;
import io.dataexporter.schedule.CronSchedule;
import io.dataexporter.schedule.Misfire;
import io.dataexporter.schedule.ScheduleMode;
import io.dataexporter.webhook.WebhookTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the body of {@code POST} and {@code PUT /api/v1/schedules} into {@link ScheduleSettings},
 * collecting every problem with its field name (the export's as {@code export.<field>}); a field it
 * does not know is a problem too.
 */
final class ScheduleRequestParser {
  static final int MAX_NAME = 200;
  static final int MAX_URL = 2000;
  static final int MAX_SECRET = 500;

  /** The longest window or lag: a year and a day. */
  static final Duration MAX_DURATION = Duration.ofDays(366);

  static final Set<String> FIELDS =
      Set.of(
          "name",
          "cron",
          "timezone",
          "mode",
          "window",
          "lag",
          "misfire",
          "export",
          "webhook",
          "enabled",
          "start_date");

  /** Export fields a schedule sets itself: each run's range, and the schedule's webhook. */
  private static final List<String> SET_BY_SCHEDULE = List.of("start_date", "end_date", "webhook");

  private final ExportRequestParser exports;

  ScheduleRequestParser(ExportRequestParser exports) {
    this.exports = exports;
  }

  /**
   * The settings; {@code now} is when a cron must still fire after, {@code owner} whose keys the
   * export's encryption recipients must be.
   */
  ScheduleSettings parse(JsonNode body, Instant now, String owner) {
    if (body == null || !body.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object");
    }
    List<FieldError> errors = new ArrayList<>();
    for (String field : body.propertyNames()) {
      if (!FIELDS.contains(field)) {
        errors.add(
            new FieldError(
                field, "is not a schedule field; known: " + FIELDS.stream().sorted().toList()));
      }
    }
    String name = name(body.get("name"), errors);
    ZoneId zone = timezone(body.get("timezone"), errors);
    CronSchedule cron = cron(body.get("cron"), zone == null ? ZoneOffset.UTC : zone, errors);
    ScheduleMode mode =
        choice(
            body.get("mode"), "mode", ScheduleMode::fromWire, ScheduleMode.values(), null, errors);
    if (mode == null && absent(body.get("mode"))) {
      errors.add(new FieldError("mode", "is required: window or incremental"));
    }
    Duration window = null;
    if (mode == ScheduleMode.INCREMENTAL && !absent(body.get("window"))) {
      errors.add(
          new FieldError(
              "window",
              "is for window mode; an incremental run exports the rows that became visible since"
                  + " the previous run"));
    } else if (mode == ScheduleMode.WINDOW && absent(body.get("window"))) {
      errors.add(new FieldError("window", "is required in window mode, e.g. P1D or PT1H"));
    } else if (mode == ScheduleMode.WINDOW) {
      window = duration(body.get("window"), "window", false, errors);
    }
    Duration lag =
        absent(body.get("lag")) ? Duration.ZERO : duration(body.get("lag"), "lag", true, errors);
    Misfire misfire =
        choice(
            body.get("misfire"),
            "misfire",
            Misfire::fromWire,
            Misfire.values(),
            Misfire.RUN_ONCE,
            errors);
    ExportRequest export = export(body.get("export"), owner, errors);
    WebhookTarget webhook = webhook(body.get("webhook"), errors);
    boolean enabled = enabled(body.get("enabled"), errors);
    Instant startDate = null;
    if (!absent(body.get("start_date"))) {
      if (mode == ScheduleMode.WINDOW) {
        errors.add(
            new FieldError(
                "start_date",
                "is for incremental mode; each run of a window schedule exports its own window"));
      } else {
        startDate = timestamp(body.get("start_date"), "start_date", errors);
      }
    }
    if (cron != null && cron.next(now) == null) {
      errors.add(new FieldError("cron", "never fires"));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    // a webhook given without its secret field keeps the stored secret on a PUT (same URL)
    boolean keepSecret = webhook != null && body.get("webhook").get("secret") == null;
    return new ScheduleSettings(
        name, cron, mode, window, lag, misfire, export, webhook, enabled, startDate, keepSecret);
  }

  /**
   * Why the webhook URL is refused, or empty when it may be used: an absolute http or https URL of
   * at most {@value #MAX_URL} characters with a host. The address guard (no loopback, private,
   * link-local, unspecified or multicast hosts unless allow-listed) plugs in here.
   */
  Optional<String> webhookUrlRefusal(String url) {
    if (url.length() > MAX_URL) {
      return Optional.of("must be at most " + MAX_URL + " characters");
    }
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!uri.isAbsolute() || !Set.of("http", "https").contains(scheme) || uri.getHost() == null) {
        return Optional.of("must be an absolute http or https URL with a host");
      }
    } catch (URISyntaxException e) {
      return Optional.of("is not a valid URL: " + e.getReason());
    }
    // loopback, private, link-local and other refused ranges, unless allow-listed
    return exports.webhookRefusal(url);
  }

  private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant END = Instant.parse("9999-01-01T00:00:00Z");

  /** An ISO-8601 timestamp with offset (the backfill body's too). */
  static Instant timestamp(JsonNode node, String field, List<FieldError> errors) {
    return timestamp(node == null || !node.isString() ? null : node.stringValue(), field, errors);
  }

  /** An ISO-8601 timestamp with offset; null text is a problem too. */
  static Instant timestamp(String text, String field, List<FieldError> errors) {
    if (text != null) {
      try {
        Instant t = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        if (t.isBefore(FIRST) || !t.isBefore(END)) {
          errors.add(new FieldError(field, "must be a date-time in the years 1 to 9999"));
          return null;
        }
        return t;
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    errors.add(
        new FieldError(
            field, "must be an ISO-8601 date-time with offset, e.g. 2024-01-01T00:00:00Z"));
    return null;
  }

  /**
   * An ISO-8601 duration: {@code PT15M}, {@code P1DT12H}, or a period of days or weeks ({@code P1D}
   * = 24 hours, {@code P1W} = 7 days); months and years have no fixed length.
   */
  static Duration parseDuration(String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      Period period;
      try {
        period = Period.parse(text);
      } catch (DateTimeParseException notAPeriod) {
        throw new IllegalArgumentException(
            "must be an ISO-8601 duration such as PT15M, PT1H or P1D");
      }
      if (period.getYears() != 0 || period.getMonths() != 0) {
        throw new IllegalArgumentException(
            "months and years have no fixed length; use days, e.g. P30D");
      }
      return Duration.ofDays(period.getDays());
    }
  }

  /** A duration as ISO-8601 text, whole days as days ({@code P1D}, not {@code PT24H}). */
  static String text(Duration duration) {
    if (duration == null) {
      return null;
    }
    if (!duration.isZero() && duration.toNanos() % Duration.ofDays(1).toNanos() == 0) {
      return "P" + duration.toDays() + "D";
    }
    return duration.toString();
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static String name(JsonNode node, List<FieldError> errors) {
    if (node == null
        || !node.isString()
        || node.stringValue().isBlank()
        || node.stringValue().strip().length() > MAX_NAME) {
      errors.add(
          new FieldError(
              "name", "must be a non-blank string of at most " + MAX_NAME + " characters"));
      return null;
    }
    int before = errors.size();
    StorableText.check("name", node.stringValue(), errors);
    return errors.size() > before ? null : node.stringValue().strip();
  }

  private static ZoneId timezone(JsonNode node, List<FieldError> errors) {
    if (absent(node)) {
      return ZoneId.of("UTC");
    }
    if (node.isString() && ZoneId.getAvailableZoneIds().contains(node.stringValue())) {
      return ZoneId.of(node.stringValue());
    }
    errors.add(
        new FieldError("timezone", "must be an IANA time zone id such as UTC or Europe/Berlin"));
    return null;
  }

  private static CronSchedule cron(JsonNode node, ZoneId zone, List<FieldError> errors) {
    if (absent(node)) {
      errors.add(new FieldError("cron", "is required, e.g. 0 2 * * * or @daily"));
      return null;
    }
    if (!node.isString()) {
      errors.add(new FieldError("cron", "must be a string, e.g. 0 2 * * * or @daily"));
      return null;
    }
    int before = errors.size();
    StorableText.check("cron", node.stringValue(), errors);
    if (errors.size() > before) {
      return null;
    }
    try {
      return CronSchedule.parse(node.stringValue(), zone);
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError("cron", e.getMessage()));
      return null;
    }
  }

  private static <E extends Enum<E>> E choice(
      JsonNode node,
      String field,
      Function<String, Optional<E>> fromWire,
      E[] values,
      E fallback,
      List<FieldError> errors) {
    if (absent(node)) {
      return fallback;
    }
    Optional<E> value = node.isString() ? fromWire.apply(node.stringValue()) : Optional.empty();
    if (value.isEmpty()) {
      List<String> allowed =
          Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
      errors.add(new FieldError(field, "must be one of " + allowed));
      return fallback;
    }
    return value.get();
  }

  private static Duration duration(
      JsonNode node, String field, boolean zeroAllowed, List<FieldError> errors) {
    if (!node.isString()) {
      errors.add(new FieldError(field, "must be an ISO-8601 duration such as PT15M, PT1H or P1D"));
      return null;
    }
    Duration duration;
    try {
      duration = parseDuration(node.stringValue());
    } catch (IllegalArgumentException e) {
      errors.add(new FieldError(field, e.getMessage()));
      return null;
    }
    if (duration.isNegative() || (!zeroAllowed && duration.isZero())) {
      errors.add(new FieldError(field, zeroAllowed ? "must not be negative" : "must be positive"));
      return null;
    }
    if (duration.compareTo(MAX_DURATION) > 0) {
      errors.add(new FieldError(field, "must be at most " + text(MAX_DURATION)));
      return null;
    }
    return duration;
  }

  private ExportRequest export(JsonNode node, String owner, List<FieldError> errors) {
    if (absent(node)) {
      errors.add(new FieldError("export", "is required: what each run exports"));
      return null;
    }
    if (!node.isObject()) {
      errors.add(
          new FieldError("export", "must be an object with the fields of an export request"));
      return null;
    }
    ObjectNode request = ((ObjectNode) node).deepCopy();
    for (String field : SET_BY_SCHEDULE) {
      if (request.has(field)) {
        errors.add(
            new FieldError(
                "export." + field,
                field.equals("webhook")
                    ? "is set on the schedule (its webhook field), not on its export"
                    : "is set by each run (its window, or the schedule's start_date in incremental"
                        + " mode); leave it out"));
        request.remove(field);
      }
    }
    try {
      return exports.parse(request, owner);
    } catch (InvalidRequestException e) {
      e.errors()
          .forEach(
              err ->
                  errors.add(
                      new FieldError(
                          err.field().equals("body") ? "export" : "export." + err.field(),
                          err.message())));
      return null;
    }
  }

  private WebhookTarget webhook(JsonNode node, List<FieldError> errors) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      errors.add(new FieldError("webhook", "must be an object {url, secret}"));
      return null;
    }
    int before = errors.size();
    for (String field : node.propertyNames()) {
      if (!field.equals("url") && !field.equals("secret")) {
        errors.add(
            new FieldError("webhook." + field, "is not a webhook field; known: url, secret"));
      }
    }
    StorableText.check("webhook", node, errors);
    JsonNode url = node.get("url");
    if (absent(url)) {
      errors.add(new FieldError("webhook.url", "is required"));
    } else if (!url.isString()) {
      errors.add(new FieldError("webhook.url", "must be an absolute http or https URL"));
    } else {
      webhookUrlRefusal(url.stringValue())
          .ifPresent(problem -> errors.add(new FieldError("webhook.url", problem)));
    }
    JsonNode secret = node.get("secret");
    if (!absent(secret)
        && (!secret.isString()
            || secret.stringValue().isEmpty()
            || secret.stringValue().length() > MAX_SECRET)) {
      errors.add(
          new FieldError(
              "webhook.secret", "must be a string of 1 to " + MAX_SECRET + " characters"));
    }
    if (errors.size() > before) {
      return null;
    }
    return new WebhookTarget(url.stringValue(), absent(secret) ? null : secret.stringValue());
  }

  private static boolean enabled(JsonNode node, List<FieldError> errors) {
    if (absent(node)) {
      return true;
    }
    if (!node.isBoolean()) {
      errors.add(new FieldError("enabled", "must be true or false"));
      return true;
    }
    return node.booleanValue();
  }
}
