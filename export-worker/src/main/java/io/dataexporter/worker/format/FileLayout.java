package io.dataexporter.worker.format;

import io.dataexporter.job.OutputFormat;
import io.dataexporter.worker.source.SourceColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What surrounds the parts of one output file: CSV has its header row once; a JSON file is an array
 * (or, with metadata, {@code {"metadata": {...}, "records": [...]}}) whose parts are joined by a
 * comma; JSON Lines needs nothing.
 */
public final class FileLayout {
  private final byte[] header;
  private final byte[] separator;
  private final byte[] footer;

  private FileLayout(String header, String separator, String footer) {
    this.header = header.getBytes(StandardCharsets.UTF_8);
    this.separator = separator.getBytes(StandardCharsets.UTF_8);
    this.footer = footer.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * @param metadataJson the metadata object for JSON files, or null for a plain array
   */
  public static FileLayout of(OutputFormat format, List<String> columns, String metadataJson) {
    return of(format, columns, metadataJson, false);
  }

  /**
   * @param metadataJson the metadata object for JSON files, or null for a plain array
   * @param escapeFormulas CSV header names that would start a formula get a leading {@code '}
   */
  public static FileLayout of(
      OutputFormat format, List<String> columns, String metadataJson, boolean escapeFormulas) {
    return switch (format) {
      case CSV ->
          new FileLayout(
              new String(CsvRecordWriter.header(columns, escapeFormulas), StandardCharsets.UTF_8),
              "",
              "");
      case JSONL, PARQUET -> new FileLayout("", "", "");
      case JSON ->
          metadataJson == null
              ? new FileLayout("[\n", ",\n", "\n]\n")
              : new FileLayout(
                  "{\"metadata\":" + metadataJson + ",\n\"records\":[\n", ",\n", "\n]}\n");
    };
  }

  /** A writer for one shard's records in the given format. */
  public static RecordWriter recordWriter(
      OutputFormat format, OutputStream out, SourceColumns columns) throws IOException {
    return recordWriter(format, out, columns, false);
  }

  /**
   * A writer for one shard's records in the given format (Parquet with snappy pages, default sizes
   * and no metadata).
   *
   * @param escapeFormulas CSV text cells that would start a formula get a leading {@code '}
   */
  public static RecordWriter recordWriter(
      OutputFormat format, OutputStream out, SourceColumns columns, boolean escapeFormulas)
      throws IOException {
    return recordWriter(format, out, columns, escapeFormulas, ParquetOptions.DEFAULTS);
  }

  /**
   * A writer for one shard's records (a part) or one whole Parquet file (a piece) in the given
   * format.
   *
   * @param escapeFormulas CSV text cells that would start a formula get a leading {@code '}
   * @param parquet page codec, sizes and metadata of a Parquet file; unused by the text formats
   */
  public static RecordWriter recordWriter(
      OutputFormat format,
      OutputStream out,
      SourceColumns columns,
      boolean escapeFormulas,
      ParquetOptions parquet)
      throws IOException {
    return switch (format) {
      case CSV -> new CsvRecordWriter(out, columns, escapeFormulas);
      case JSONL -> new JsonRecordWriter(out, columns, true);
      case PARQUET -> new ParquetRecordWriter(out, columns, parquet);
      case JSON -> new JsonRecordWriter(out, columns, false);
    };
  }

  public byte[] header() {
    return header.clone();
  }

  /** Goes between two non-empty parts. */
  public byte[] separator() {
    return separator.clone();
  }

  public byte[] footer() {
    return footer.clone();
  }
}
