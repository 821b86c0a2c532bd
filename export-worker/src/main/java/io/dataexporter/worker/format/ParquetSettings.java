package io.dataexporter.worker.format;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How Parquet files are laid out ({@code exporter.worker.parquet.*}). A shard holds one row group
 * in memory at a time, so the row group size is also the writer's memory bound.
 *
 * @param rowGroupSize buffered bytes at which a row group is written out
 * @param pageSize bytes at which a column's page is compressed and closed
 */
@ConfigurationProperties("exporter.worker.parquet")
public record ParquetSettings(
    @DefaultValue("16MB") DataSize rowGroupSize, @DefaultValue("1MB") DataSize pageSize) {

  /** The defaults, for tests and tools. */
  public static final ParquetSettings DEFAULTS =
      new ParquetSettings(DataSize.ofMegabytes(16), DataSize.ofMegabytes(1));

  public ParquetSettings {
    if (pageSize.toBytes() < 1024 || pageSize.toBytes() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("exporter.worker.parquet.page-size must be 1KB to 2GB");
    }
    if (rowGroupSize.toBytes() < pageSize.toBytes()) {
      throw new IllegalArgumentException(
          "exporter.worker.parquet.row-group-size must be at least the page size");
    }
  }
}
