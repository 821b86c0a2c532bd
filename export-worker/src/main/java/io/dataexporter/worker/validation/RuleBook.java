package io.dataexporter.worker.validation;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every validation rule, in one table. {@code basic}: the data type's required columns are present
 * and well-typed. {@code strict}: basic plus the value rules of the data type, plus, for every
 * type, a time column no later than the export's creation plus five minutes. A dataset added by
 * configuration gets its id and time columns as required columns and the time rule.
 */
public final class RuleBook {
  /** How far in the future (relative to the export's creation) a record's time may be. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private static final Set<String> LOG_LEVELS =
      Set.of("DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "CRITICAL", "FATAL");
  private static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private static final Map<String, Map<String, ColumnKind>> REQUIRED =
      Map.of(
          "logs",
              ordered(
                  "id",
                  ColumnKind.INTEGER,
                  "timestamp",
                  ColumnKind.TIMESTAMP,
                  "message",
                  ColumnKind.STRING),
          "anomalies",
              ordered(
                  "id",
                  ColumnKind.INTEGER,
                  "detected_at",
                  ColumnKind.TIMESTAMP,
                  "anomaly_type",
                  ColumnKind.STRING),
          "ips",
              ordered(
                  "id",
                  ColumnKind.INTEGER,
                  "ip",
                  ColumnKind.STRING,
                  "first_seen",
                  ColumnKind.TIMESTAMP,
                  "last_seen",
                  ColumnKind.TIMESTAMP));

  private static final Map<String, List<Rule>> VALUE_RULES =
      Map.of(
          "logs",
          List.of(
              new Rule(
                  "message_not_blank",
                  r -> r.text("message") == null || !r.text("message").isBlank()),
              new Rule(
                  "level_known",
                  r ->
                      !r.has("level")
                          || LOG_LEVELS.contains(r.text("level").toUpperCase(Locale.ROOT))),
              new Rule(
                  "pid_positive", r -> r.number("pid") == null || r.number("pid").longValue() > 0)),
          "anomalies",
          List.of(
              new Rule(
                  "score_in_range",
                  r -> r.number("score") == null || inUnitRange(r.number("score").doubleValue())),
              new Rule(
                  "severity_known",
                  r -> !r.has("severity") || SEVERITIES.contains(r.text("severity")))),
          "ips",
          List.of(
              new Rule("first_seen_not_after_last_seen", RuleBook::firstSeenNotAfterLastSeen),
              new Rule(
                  "request_count_non_negative",
                  r ->
                      r.number("request_count") == null
                          || r.number("request_count").longValue() >= 0),
              new Rule(
                  "country_code",
                  r -> !r.has("country") || COUNTRY.matcher(r.text("country")).matches())));

  private RuleBook() {}

  /** The rules of a level for a dataset, for an export created at {@code createdAt}. */
  public static List<Rule> rules(ValidationLevel level, Dataset dataset, Instant createdAt) {
    List<Rule> rules = new ArrayList<>();
    if (level == ValidationLevel.NONE) {
      return rules;
    }
    Map<String, ColumnKind> required =
        REQUIRED.getOrDefault(
            dataset.ruleSet(),
            ordered(dataset.idColumn(), null, dataset.timeColumn(), ColumnKind.TIMESTAMP));
    required.forEach((column, kind) -> rules.add(required(column, kind)));
    if (level == ValidationLevel.STRICT) {
      rules.addAll(VALUE_RULES.getOrDefault(dataset.ruleSet(), List.of()));
      Instant latest = createdAt.plus(CLOCK_SKEW);
      String time = dataset.timeColumn();
      rules.add(
          new Rule("time_not_in_future", r -> !r.has(time) || !r.instant(time).isAfter(latest)));
    }
    return rules;
  }

  /**
   * The rules of a level as SQL, when they can be written so for a result with these columns.
   *
   * @return the condition true for a row that breaks a rule (null: no rules), or empty when Java
   *     must judge the rows (STRICT's value rules; a required column of the wrong kind)
   */
  public static Optional<SqlCheck> asSql(
      ValidationLevel level, Dataset dataset, SourceColumns columns) {
    if (level == ValidationLevel.NONE) {
      return Optional.of(new SqlCheck(null));
    }
    if (level == ValidationLevel.STRICT) {
      return Optional.empty();
    }
    Map<String, ColumnKind> required =
        REQUIRED.getOrDefault(
            dataset.ruleSet(),
            ordered(dataset.idColumn(), null, dataset.timeColumn(), ColumnKind.TIMESTAMP));
    List<String> nulls = new ArrayList<>();
    for (Map.Entry<String, ColumnKind> e : required.entrySet()) {
      int index = columns.names().indexOf(e.getKey());
      if (index < 0 || !kindMatches(e.getValue(), columns.kind(index))) {
        return Optional.empty();
      }
      nulls.add(Dataset.quote(e.getKey()) + " IS NULL");
    }
    return Optional.of(new SqlCheck(nulls.isEmpty() ? null : String.join(" OR ", nulls)));
  }

  /**
   * @param brokenWhen SQL condition true for a row that breaks a rule; null when there are none
   */
  public record SqlCheck(String brokenWhen) {}

  /** The rule sets with rules of their own; any other dataset gets the generic ones. */
  public static boolean knows(String ruleSet) {
    return REQUIRED.containsKey(ruleSet);
  }

  /**
   * Present (non-null) and of the expected kind: TIMESTAMP accepts either timestamp kind, null any
   * kind.
   */
  private static Rule required(String column, ColumnKind kind) {
    return new Rule(
        column + "_required",
        r -> {
          if (!r.has(column)) {
            return false;
          }
          return kindMatches(kind, r.kind(column));
        });
  }

  /** TIMESTAMP accepts either timestamp kind, null any kind. */
  private static boolean kindMatches(ColumnKind expected, ColumnKind actual) {
    if (expected == null) {
      return true;
    }
    if (expected == ColumnKind.TIMESTAMP) {
      return actual == ColumnKind.TIMESTAMP || actual == ColumnKind.LOCAL_TIMESTAMP;
    }
    return actual == expected;
  }

  private static boolean inUnitRange(double score) {
    return score >= 0 && score <= 1;
  }

  private static boolean firstSeenNotAfterLastSeen(RowView r) {
    Instant first = r.instant("first_seen");
    Instant last = r.instant("last_seen");
    return first == null || last == null || !first.isAfter(last);
  }

  private static Map<String, ColumnKind> ordered(Object... pairs) {
    Map<String, ColumnKind> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (ColumnKind) pairs[i + 1]);
    }
    return map;
  }
}
