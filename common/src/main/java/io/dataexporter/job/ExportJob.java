package io.dataexporter.job;

import io.dataexporter.error.IllegalTransitionException;
import io.dataexporter.webhook.WebhookTarget;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An export job as stored: its request, where it is in its lifecycle, and what it produced; {@code
 * webhook} (null: none) is where its end is announced, kept out of {@code config} so its secret
 * never reaches a view or manifest.
 */
public record ExportJob(
    UUID id,
    ExportStatus status,
    ExportRequest config,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant completedAt,
    String errorMessage,
    List<ExportFile> files,
    String manifestKey,
    Map<String, ValidationSummary> validation,
    String createdBy,
    WebhookTarget webhook) {

  public ExportJob {
    files = files == null ? List.of() : List.copyOf(files);
    validation =
        validation == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    createdBy = createdBy == null ? "anonymous" : createdBy;
  }

  /** This job announcing its end to {@code target} (null: to nobody). */
  public ExportJob withWebhook(WebhookTarget target) {
    return new ExportJob(
        id,
        status,
        config,
        createdAt,
        updatedAt,
        startedAt,
        completedAt,
        errorMessage,
        files,
        manifestKey,
        validation,
        createdBy,
        target);
  }

  /** The data files (without rejected-record files). */
  public List<ExportFile> dataFiles() {
    return files.stream().filter(ExportFile::isData).toList();
  }

  public static ExportJob pending(UUID id, ExportRequest config, Instant now) {
    return pending(id, config, now, null);
  }

  /** A new job owned by {@code owner} (the token's user; null = anonymous). */
  public static ExportJob pending(UUID id, ExportRequest config, Instant now, String owner) {
    return new ExportJob(
        id,
        ExportStatus.PENDING,
        config,
        now,
        now,
        null,
        null,
        null,
        List.of(),
        null,
        Map.of(),
        owner,
        null);
  }

  /** Checks that this job may move to {@code target}; the store applies it conditionally. */
  public void requireTransition(ExportStatus target) {
    if (!status.canMoveTo(target)) {
      throw new IllegalTransitionException(
          "export " + id + " cannot go from " + status.wire() + " to " + target.wire());
    }
  }

  public Map<String, Long> recordCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    dataFiles().forEach(f -> counts.merge(f.dataType(), f.records(), Long::sum));
    return counts;
  }

  public Map<String, Long> fileSizes() {
    Map<String, Long> sizes = new LinkedHashMap<>();
    dataFiles().forEach(f -> sizes.merge(f.dataType(), f.size(), Long::sum));
    return sizes;
  }

  public long totalRecords() {
    return dataFiles().stream().mapToLong(ExportFile::records).sum();
  }

  public long totalSize() {
    return dataFiles().stream().mapToLong(ExportFile::size).sum();
  }
}
