package io.dataexporter.job;

import io.dataexporter.transform.Transformation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated export request: what to export and how to write it. Built by the gateway's request
 * parser; stored with the job as its {@code config}.
 *
 * @param dataTypes datasets to export, in request order, no duplicates
 * @param startDate inclusive lower bound on each dataset's time column, or null
 * @param endDate exclusive upper bound, or null
 * @param processes exact process names to keep (datasets with a process column only); empty = all
 * @param batchSize rows per fetch and per write batch
 * @param includeMetadata JSON files become {@code {"metadata": ..., "records": [...]}}
 * @param validationLevel how records are checked
 * @param outputFormat file format
 * @param compression the files' codec and level
 * @param filters row filters, as the request wrote them (see the filter parser for their forms)
 * @param transformations per data type, the steps reshaping its records, in order
 * @param csvEscapeFormulas CSV text cells that a spreadsheet would run as a formula get a leading
 *     {@code '}
 * @param encryption how the files are encrypted, or null when they are not
 * @param sample a deterministic sample of each type's rows, or null for every row
 * @param split deterministic named splits (each written under its own folder), or null
 * @param maxFileSize the largest a data file may be (a type's output becomes several files), or
 *     null
 * @param partitionBy Hive-style time folders for each type's output, or null
 */
public record ExportRequest(
    List<String> dataTypes,
    OffsetDateTime startDate,
    OffsetDateTime endDate,
    List<String> processes,
    int batchSize,
    boolean includeMetadata,
    ValidationLevel validationLevel,
    OutputFormat outputFormat,
    Compression compression,
    Map<String, Object> filters,
    Map<String, List<Transformation>> transformations,
    boolean csvEscapeFormulas,
    Encryption encryption,
    Sample sample,
    Split split,
    FileSize maxFileSize,
    PartitionBy partitionBy) {

  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int MAX_BATCH_SIZE = 100_000;

  public ExportRequest {
    dataTypes = List.copyOf(dataTypes);
    processes = List.copyOf(processes);
    compression = compression == null ? Compression.NONE : compression;
    filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    Map<String, List<Transformation>> steps = new LinkedHashMap<>();
    (transformations == null ? Map.<String, List<Transformation>>of() : transformations)
        .forEach((type, list) -> steps.put(type, List.copyOf(list)));
    transformations = Collections.unmodifiableMap(steps);
  }

  /** A request without sample, split or file layout options. */
  public ExportRequest(
      List<String> dataTypes,
      OffsetDateTime startDate,
      OffsetDateTime endDate,
      List<String> processes,
      int batchSize,
      boolean includeMetadata,
      ValidationLevel validationLevel,
      OutputFormat outputFormat,
      Compression compression,
      Map<String, Object> filters,
      Map<String, List<Transformation>> transformations,
      boolean csvEscapeFormulas,
      Encryption encryption) {
    this(
        dataTypes,
        startDate,
        endDate,
        processes,
        batchSize,
        includeMetadata,
        validationLevel,
        outputFormat,
        compression,
        filters,
        transformations,
        csvEscapeFormulas,
        encryption,
        null,
        null,
        null,
        null);
  }

  /** The same request with the given sample, split and file layout options. */
  public ExportRequest withDatasetOptions(
      Sample sample, Split split, FileSize maxFileSize, PartitionBy partitionBy) {
    return new ExportRequest(
        dataTypes,
        startDate,
        endDate,
        processes,
        batchSize,
        includeMetadata,
        validationLevel,
        outputFormat,
        compression,
        filters,
        transformations,
        csvEscapeFormulas,
        encryption,
        sample,
        split,
        maxFileSize,
        partitionBy);
  }

  /**
   * Whether each type's output is a set of files {@code
   * [{split}/]{type}/[partition/]part-NNNNN.ext} rather than one {@code {type}.ext}: Parquet (files
   * cannot be joined), a size limit, time partitions or splits.
   */
  public boolean multiFile() {
    return outputFormat == OutputFormat.PARQUET
        || maxFileSize != null
        || partitionBy != null
        || split != null;
  }

  /**
   * How the bytes of data and rejected files are compressed as a stream: the request's codec,
   * except for Parquet, whose codec compresses its pages inside the file ({@link #pageCodec()}) and
   * whose rejected records stay plain JSON Lines.
   */
  public Compression streamCompression() {
    return outputFormat == OutputFormat.PARQUET ? Compression.NONE : compression;
  }

  /**
   * A Parquet file's page codec: {@code snappy} unless the request named {@code "zstd"}, {@code
   * "gzip"} (or {@code true}) or {@code "none"} (uncompressed pages); {@code false} or no {@code
   * compression} keeps the default, snappy.
   */
  public Compression.Codec pageCodec() {
    if (compression.codec() == Compression.Codec.NONE && !compression.named()) {
      return Compression.Codec.SNAPPY;
    }
    return compression.codec();
  }

  /** The same request for another date range (a schedule's run). */
  public ExportRequest withRange(Instant start, Instant end) {
    return new ExportRequest(
        dataTypes,
        start == null ? null : start.atOffset(ZoneOffset.UTC),
        end == null ? null : end.atOffset(ZoneOffset.UTC),
        processes,
        batchSize,
        includeMetadata,
        validationLevel,
        outputFormat,
        compression,
        filters,
        transformations,
        csvEscapeFormulas,
        encryption,
        sample,
        split,
        maxFileSize,
        partitionBy);
  }

  /** The steps for one data type (empty when none). */
  public List<Transformation> transformationsOf(String dataType) {
    return transformations.getOrDefault(dataType, List.of());
  }

  /**
   * What follows a file's own extension: the codec's suffix, then {@code .pgp} when encrypted, in
   * the order the bytes were made ({@code .gz.pgp}).
   */
  public String suffix() {
    return streamCompression().codec().suffix() + (encryption == null ? "" : Encryption.SUFFIX);
  }

  /**
   * File name of one dataset's output when it is one file, e.g. {@code logs.csv.gz}; with {@link
   * #multiFile()} the files are named by their folder and number instead.
   */
  public String fileName(String dataType) {
    return dataType + "." + outputFormat.extension() + suffix();
  }
}
