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
 * @param compression gzip the files
 * @param filters row filters as sent (checked by {@link io.dataexporter.filter.FilterParser}, which
 *     also resolves them per data type), in request order
 * @param transformations per data type, the steps reshaping its records, in order
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
    boolean compression,
    Map<String, Object> filters,
    Map<String, List<Transformation>> transformations) {

  public static final int DEFAULT_BATCH_SIZE = 1000;
  public static final int MAX_BATCH_SIZE = 100_000;

  public ExportRequest {
    dataTypes = List.copyOf(dataTypes);
    processes = List.copyOf(processes);
    filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    Map<String, List<Transformation>> steps = new LinkedHashMap<>();
    (transformations == null ? Map.<String, List<Transformation>>of() : transformations)
        .forEach((type, list) -> steps.put(type, List.copyOf(list)));
    transformations = Collections.unmodifiableMap(steps);
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
        transformations);
  }

  /** The steps for one data type (empty when none). */
  public List<Transformation> transformationsOf(String dataType) {
    return transformations.getOrDefault(dataType, List.of());
  }

  /** File name of one dataset's output, e.g. {@code logs.csv.gz}. */
  public String fileName(String dataType) {
    return dataType + "." + outputFormat.extension() + (compression ? ".gz" : "");
  }
}
