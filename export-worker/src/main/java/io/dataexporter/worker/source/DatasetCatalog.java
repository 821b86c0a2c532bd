package io.dataexporter.worker.source;

import io.dataexporter.dataset.Dataset;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The exported columns of a dataset with their database types, as the manifest records them. */
public final class DatasetCatalog {
  private static final String COLUMNS =
      """
      SELECT column_name, data_type
        FROM information_schema.columns
       WHERE table_schema = :schema AND table_name = :table
       ORDER BY ordinal_position
      """;

  private final Jdbi jdbi;

  public DatasetCatalog(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Column name to SQL type, in the dataset's column order. */
  public Map<String, String> columnTypes(Dataset dataset) {
    String[] parts = dataset.table().split("\\.", 2);
    String schema = parts.length == 2 ? parts[0] : "public";
    String table = parts.length == 2 ? parts[1] : parts[0];
    Map<String, String> all = new LinkedHashMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(COLUMNS)
                .bind("schema", schema)
                .bind("table", table)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> all.put(e.getKey(), e.getValue())));
    Map<String, String> exported = new LinkedHashMap<>();
    dataset.columns().forEach(c -> exported.put(c, all.get(c)));
    return exported;
  }

  /** The dataset's columns as both read paths see them (names and kinds), without reading rows. */
  public SourceColumns sourceColumns(Dataset dataset) {
    String sql =
        "SELECT "
            + String.join(", ", dataset.columns().stream().map(Dataset::quote).toList())
            + " FROM "
            + dataset.sqlTable()
            + " WHERE false";
    return jdbi.withHandle(
        h -> {
          try (PreparedStatement ps = h.getConnection().prepareStatement(sql);
              ResultSet rs = ps.executeQuery()) {
            return SourceColumns.of(rs.getMetaData());
          } catch (SQLException e) {
            throw new SourceReadException(
                "reading the columns of " + dataset.name() + " failed: " + e.getMessage(), e);
          }
        });
  }
}
