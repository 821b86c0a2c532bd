package io.dataexporter.dataset;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rows of one dataset an export (or one shard of it) covers: time in [from, to), either bound
 * open when null, and the process filter when the dataset has a process column. Rows whose time is
 * NULL belong to no range; an export without a date range still takes them, in its last shard
 * ({@code includeNullTime}), where they also sort (NULLs last). An incremental export's filter also
 * keeps only the row versions that became visible after its predecessor's snapshot ({@code
 * visibleAfter}, null: every row). The request's row filters for the dataset ({@code conditions})
 * must all hold as well, and so must the request's sample and, for one split's rows, that split
 * ({@link HashRange}s of the keyed row hash; null: none).
 */
public record RowFilter(
    Dataset dataset,
    Instant from,
    Instant to,
    List<String> processes,
    boolean includeNullTime,
    Long idHighWater,
    VisibleAfter visibleAfter,
    List<SqlCondition> conditions,
    HashRange sample,
    HashRange split) {

  public RowFilter {
    processes = List.copyOf(processes);
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }

  public RowFilter(
      Dataset dataset, Instant from, Instant to, List<String> processes, boolean includeNullTime) {
    this(dataset, from, to, processes, includeNullTime, null, null, List.of(), null, null);
  }

  /** Only rows with an id up to this one (the dataset's largest id when the export was planned). */
  public RowFilter withIdHighWater(Long highWater) {
    return new RowFilter(
        dataset,
        from,
        to,
        processes,
        includeNullTime,
        highWater,
        visibleAfter,
        conditions,
        sample,
        split);
  }

  /** Only the row versions that became visible after a predecessor's snapshot (null: all). */
  public RowFilter withVisibleAfter(VisibleAfter after) {
    return new RowFilter(
        dataset,
        from,
        to,
        processes,
        includeNullTime,
        idHighWater,
        after,
        conditions,
        sample,
        split);
  }

  /** Only the rows that meet every one of the request's conditions for this dataset. */
  public RowFilter withConditions(List<? extends SqlCondition> filters) {
    return new RowFilter(
        dataset,
        from,
        to,
        processes,
        includeNullTime,
        idHighWater,
        visibleAfter,
        List.copyOf(filters),
        sample,
        split);
  }

  /**
   * Only the rows whose sample hash ({@link io.dataexporter.job.RowHash}) of {@code keyColumn} is
   * below {@code below}; {@code RowHash.SCALE} keeps every row and adds no condition.
   *
   * @param prefix {@code RowHash.prefix("sample", seed)}
   */
  public RowFilter withSample(String keyColumn, String prefix, long below) {
    HashRange range = new HashRange(keyColumn, prefix, 0, below);
    return new RowFilter(
        dataset,
        from,
        to,
        processes,
        includeNullTime,
        idHighWater,
        visibleAfter,
        conditions,
        range.everything() ? null : range,
        split);
  }

  /**
   * Only the rows of one split: split hash of {@code keyColumn} in {@code [from, to)} ({@code
   * Split.range}); the whole range adds no condition.
   *
   * @param prefix {@code RowHash.prefix("split", seed)}
   */
  public RowFilter withSplit(String keyColumn, String prefix, long from, long to) {
    HashRange range = new HashRange(keyColumn, prefix, from, to);
    return new RowFilter(
        dataset,
        this.from,
        this.to,
        processes,
        includeNullTime,
        idHighWater,
        visibleAfter,
        conditions,
        sample,
        range.everything() ? null : range);
  }

  public RowFilter(Dataset dataset, Instant from, Instant to, List<String> processes) {
    this(dataset, from, to, processes, false);
  }

  /** The WHERE clause (with leading {@code WHERE}, or empty) using positional parameters. */
  public String whereClause() {
    return where(false);
  }

  /**
   * The same clause with its values written in as SQL literals, for statements that take no
   * parameters ({@code COPY (SELECT ...) TO STDOUT}). Instants are ISO-8601 text, process names and
   * filter values are quoted with their quotes doubled (filter values are the canonical text of the
   * parsed value, cast to the column's type), as is a sample's or split's hash prefix; transaction
   * ids and hash bounds are numbers; the caller keeps {@code standard_conforming_strings} on
   * (PostgreSQL's default), so backslashes are plain characters.
   */
  public String literalWhereClause() {
    return where(true);
  }

  /**
   * Whether an instant can be written as a literal that PostgreSQL reads back as the bound
   * parameter would be: years 1 to 9999 (null: no bound, fine).
   */
  public static boolean literalSafe(Instant t) {
    return t == null || (!t.isBefore(FIRST_LITERAL) && t.isBefore(END_OF_LITERALS));
  }

  private static final Instant FIRST_LITERAL = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant END_OF_LITERALS = Instant.parse("9999-12-31T23:59:59Z");
  private static final DateTimeFormatter MICROS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Rounded to microseconds half up, as the JDBC driver sends a bound instant. */
  private static String literal(Instant t) {
    if (!literalSafe(t)) {
      throw new IllegalArgumentException("no SQL literal for " + t);
    }
    Instant rounded = t.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    return "'" + MICROS.format(rounded) + "'::timestamptz";
  }

  private String where(boolean literals) {
    List<String> clauses = new ArrayList<>();
    String time = Dataset.quote(dataset.timeColumn());
    String fromValue = literals && from != null ? literal(from) : "?";
    String toValue = literals && to != null ? literal(to) : "?";
    if (from != null) {
      clauses.add(
          includeNullTime && to == null
              ? "(" + time + " >= " + fromValue + " OR " + time + " IS NULL)"
              : time + " >= " + fromValue);
    }
    if (to != null) {
      clauses.add(time + " < " + toValue);
    }
    if (appliesProcesses()) {
      String list =
          literals
              ? processes.stream()
                  .map(p -> "'" + p.replace("'", "''") + "'")
                  .collect(Collectors.joining(", ", "ARRAY[", "]::text[]"))
              : "?";
      clauses.add(Dataset.quote(dataset.processColumn()) + " = ANY (" + list + ")");
    }
    if (idHighWater != null) {
      // rows without an id cannot be placed against the mark; they stay in
      String id = Dataset.quote(dataset.idColumn());
      String mark = literals ? Long.toString(idHighWater) : "?";
      clauses.add("(" + id + " <= " + mark + " OR " + id + " IS NULL)");
    }
    if (visibleAfter != null) {
      clauses.add(visibleAfter.condition(literals));
    }
    for (SqlCondition condition : conditions) {
      clauses.add(condition.sql(literals));
    }
    for (HashRange range : hashRanges()) {
      clauses.add(range.sql(literals));
    }
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }

  /** Binds the clause's parameters starting at {@code first}; returns the next free index. */
  public int bind(Connection connection, PreparedStatement statement, int first)
      throws SQLException {
    int index = first;
    if (from != null) {
      statement.setObject(index++, from.atOffset(ZoneOffset.UTC));
    }
    if (to != null) {
      statement.setObject(index++, to.atOffset(ZoneOffset.UTC));
    }
    if (appliesProcesses()) {
      statement.setArray(index++, connection.createArrayOf("text", processes.toArray()));
    }
    if (idHighWater != null) {
      statement.setLong(index++, idHighWater);
    }
    if (visibleAfter != null) {
      index = visibleAfter.bind(connection, statement, index);
    }
    for (SqlCondition condition : conditions) {
      index = condition.bind(connection, statement, index);
    }
    for (HashRange range : hashRanges()) {
      index = range.bind(connection, statement, index);
    }
    return index;
  }

  private List<HashRange> hashRanges() {
    List<HashRange> ranges = new ArrayList<>(2);
    if (sample != null) {
      ranges.add(sample);
    }
    if (split != null) {
      ranges.add(split);
    }
    return ranges;
  }

  private boolean appliesProcesses() {
    return !processes.isEmpty() && dataset.hasProcessColumn();
  }
}
