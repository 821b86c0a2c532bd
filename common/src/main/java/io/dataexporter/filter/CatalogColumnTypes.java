package io.dataexporter.filter;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.error.TransientException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;

/**
 * Column types from {@code pg_attribute}, a domain counted as its base type. A dataset's answer is
 * kept once its table exists: changing a column's type needs a restart to be seen.
 */
public final class CatalogColumnTypes implements ColumnTypes {
  private static final String COLUMNS =
      """
      SELECT a.attname,
             CASE WHEN t.typtype = 'd' THEN (SELECT b.typname FROM pg_type b WHERE b.oid = t.typbasetype)
                  ELSE t.typname END
        FROM pg_attribute a
        JOIN pg_type t ON t.oid = a.atttypid
       WHERE a.attrelid = to_regclass(:table) AND a.attnum > 0 AND NOT a.attisdropped
      """;

  private final Jdbi jdbi;
  private final Map<String, Map<String, String>> cache = new ConcurrentHashMap<>();

  public CatalogColumnTypes(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Map<String, String> of(Dataset dataset) {
    Map<String, String> known = cache.get(dataset.name());
    if (known != null) {
      return known;
    }
    Map<String, String> all = new LinkedHashMap<>();
    try {
      jdbi.useHandle(
          h ->
              h.createQuery(COLUMNS)
                  .bind("table", dataset.sqlTable())
                  .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                  .forEach(e -> all.put(e.getKey(), e.getValue())));
    } catch (RuntimeException e) {
      throw classify(e);
    }
    Map<String, String> exported = new LinkedHashMap<>();
    dataset.columns().stream().filter(all::containsKey).forEach(c -> exported.put(c, all.get(c)));
    Map<String, String> result = java.util.Collections.unmodifiableMap(exported);
    if (!all.isEmpty()) {
      cache.put(dataset.name(), result);
    }
    return result;
  }

  private static RuntimeException classify(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String state = t instanceof SQLException s && s.getSQLState() != null ? s.getSQLState() : "";
      if (t instanceof ConnectionException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || state.startsWith("08")
          || state.startsWith("53")
          || state.startsWith("57P")) {
        return new TransientException("the source database is unavailable", e);
      }
    }
    return e;
  }
}
