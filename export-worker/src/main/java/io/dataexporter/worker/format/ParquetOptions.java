package io.dataexporter.worker.format;

import io.dataexporter.job.Compression;

/**
 * What one Parquet file is written with.
 *
 * @param codec the page codec ({@code ExportRequest.pageCodec()}); NONE = uncompressed pages
 * @param level the codec's level (gzip 1-9, zstd 1-19), ignored for snappy and none
 * @param settings row group and page sizes
 * @param metadataJson the {@code data_exporter.metadata} key-value metadata, or null for none
 */
public record ParquetOptions(
    Compression.Codec codec, int level, ParquetSettings settings, String metadataJson) {

  /** Snappy pages, default sizes, no metadata. */
  public static final ParquetOptions DEFAULTS =
      new ParquetOptions(Compression.Codec.SNAPPY, 0, ParquetSettings.DEFAULTS, null);

  /** The key of the export's metadata in the file's key-value metadata. */
  public static final String METADATA_KEY = "data_exporter.metadata";
}
