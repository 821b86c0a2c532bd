package io.dataexporter.testsupport.jobs;

import io.dataexporter.job.Compression;
import io.dataexporter.job.Encryption;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ValidationLevel;
import io.dataexporter.transform.Transformation;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds export requests and pending jobs for tests: {@code anExport().withDataTypes("ips")
 * .withFormat(JSONL).build()}. Defaults: data type {@code logs}, JSON lines, no compression, basic
 * validation, batch size 100, no bounds, created now by {@code anonymous}.
 */
public final class ExportBuilder {
  private UUID id = UUID.randomUUID();
  private List<String> dataTypes = List.of("logs");
  private OffsetDateTime startDate;
  private OffsetDateTime endDate;
  private List<String> processes = List.of();
  private int batchSize = 100;
  private boolean includeMetadata;
  private ValidationLevel validationLevel = ValidationLevel.BASIC;
  private OutputFormat format = OutputFormat.JSONL;
  private Compression compression = Compression.NONE;
  private Map<String, Object> filters = Map.of();
  private boolean csvEscapeFormulas;
  private Encryption encryption;
  private final Map<String, List<Transformation>> transformations = new LinkedHashMap<>();
  private Instant createdAt = Instant.now();
  private String owner;

  private ExportBuilder() {}

  public static ExportBuilder anExport() {
    return new ExportBuilder();
  }

  public ExportBuilder withId(UUID id) {
    this.id = id;
    return this;
  }

  public ExportBuilder withDataTypes(String... dataTypes) {
    this.dataTypes = List.of(dataTypes);
    return this;
  }

  public ExportBuilder withFormat(OutputFormat format) {
    this.format = format;
    return this;
  }

  public ExportBuilder compressed() {
    this.compression = Compression.GZIP;
    return this;
  }

  public ExportBuilder withCompression(Compression compression) {
    this.compression = compression;
    return this;
  }

  public ExportBuilder withFilters(Map<String, Object> filters) {
    this.filters = filters;
    return this;
  }

  public ExportBuilder escapingFormulas() {
    this.csvEscapeFormulas = true;
    return this;
  }

  public ExportBuilder encryptedTo(String... recipients) {
    this.encryption = new Encryption(Encryption.OPENPGP, List.of(recipients));
    return this;
  }

  public ExportBuilder withMetadata() {
    this.includeMetadata = true;
    return this;
  }

  public ExportBuilder withBatchSize(int batchSize) {
    this.batchSize = batchSize;
    return this;
  }

  public ExportBuilder withValidation(ValidationLevel level) {
    this.validationLevel = level;
    return this;
  }

  public ExportBuilder between(OffsetDateTime start, OffsetDateTime end) {
    this.startDate = start;
    this.endDate = end;
    return this;
  }

  public ExportBuilder withProcesses(String... processes) {
    this.processes = List.of(processes);
    return this;
  }

  public ExportBuilder withTransformations(String dataType, List<Transformation> steps) {
    this.transformations.put(dataType, steps);
    return this;
  }

  public ExportBuilder createdAt(Instant createdAt) {
    this.createdAt = createdAt;
    return this;
  }

  public ExportBuilder ownedBy(String owner) {
    this.owner = owner;
    return this;
  }

  public UUID id() {
    return id;
  }

  public ExportRequest request() {
    return new ExportRequest(
        dataTypes,
        startDate,
        endDate,
        processes,
        batchSize,
        includeMetadata,
        validationLevel,
        format,
        compression,
        filters,
        transformations,
        csvEscapeFormulas,
        encryption);
  }

  /** The export as the gateway stores it: pending. */
  public ExportJob build() {
    return ExportJob.pending(id, request(), createdAt, owner);
  }
}
