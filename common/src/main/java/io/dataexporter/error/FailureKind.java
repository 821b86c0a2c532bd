package io.dataexporter.error;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;

/**
 * The worker's error taxonomy: whether a failed piece of work (a shard, a plan, a finalization) is
 * retried with the configured policy or fails at once. The entry points classify what they catch;
 * business code only throws.
 */
public enum FailureKind {
  /** Worth another attempt: a lost connection, an unreachable store, a deadlock. */
  TRANSIENT,
  /** Another attempt fails the same way: the work fails now. */
  PERMANENT;

  /**
   * SQLSTATE classes of errors in the statement itself: syntax or access (42, e.g. an unknown
   * column or table) and feature not supported (0A). Data errors (22) stay transient: a source
   * view's values may depend on state outside the export's snapshot (functions, sequences), so they
   * may not recur.
   */
  private static final Set<String> PERMANENT_SQL_CLASSES = Set.of("42", "0A");

  /**
   * The first telling exception on the cause chain decides: the project's own {@link
   * PermanentException} / {@link TransientException}, an invalid request or illegal transition
   * (permanent), a SQL state, a Jackson error (serialization is permanent, its I/O transient), an
   * I/O error (transient). Anything else is transient, so the unknown is retried as before.
   */
  public static FailureKind of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof PermanentException
          || t instanceof InvalidRequestException
          || t instanceof IllegalTransitionException) {
        return PERMANENT;
      }
      if (t instanceof TransientException || t instanceof IOException) {
        return TRANSIENT;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.length() >= 2 && PERMANENT_SQL_CLASSES.contains(state.substring(0, 2))
            ? PERMANENT
            : TRANSIENT;
      }
      if (t instanceof JacksonException && !(t instanceof JacksonIOException)) {
        return PERMANENT;
      }
    }
    return TRANSIENT;
  }
}
