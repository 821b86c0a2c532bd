package io.dataexporter.filter;

import io.dataexporter.dataset.Dataset;
import java.util.Map;

/**
 * The types of a dataset's columns as the source database's catalog has them, so that filters are
 * typed without any type configuration. Two implementations: {@link CatalogColumnTypes} (the
 * database) and {@link FixedColumnTypes} (a map, for unit tests).
 */
public interface ColumnTypes {

  /**
   * Column name to PostgreSQL type name ({@code pg_type.typname}: int8, text, timestamptz, jsonb,
   * inet, ...) for the dataset's exported columns; a column its table lacks is absent.
   *
   * @throws io.dataexporter.error.TransientException when the database cannot be reached
   */
  Map<String, String> of(Dataset dataset);
}
