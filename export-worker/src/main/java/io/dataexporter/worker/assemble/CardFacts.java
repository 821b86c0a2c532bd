package io.dataexporter.worker.assemble;

import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.ValidationSummary;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * What the data card and {@code schema.json} of an export are made from.
 *
 * @param job the export
 * @param request the request as the manifest echoes it
 * @param files the export's data and rejected files (paths relative to the export's folder)
 * @param fields per data type, its output fields
 * @param quality per split ({@link #NO_SPLIT} when the export has none), per data type, the merged
 *     column figures of its shards
 * @param validation per data type, its validation figures
 * @param moment the snapshot the export read
 * @param finishedAt when its last shard completed
 * @param owner who answers for the data ({@code exporter.card.owner}), or null
 * @param license the card's license identifier ({@code exporter.card.license})
 */
public record CardFacts(
    ExportJob job,
    JsonNode request,
    List<ExportFile> files,
    Map<String, List<CardField>> fields,
    Map<String, Map<String, QualitySummary>> quality,
    Map<String, ValidationSummary> validation,
    PointInTime moment,
    Instant finishedAt,
    String owner,
    String license) {

  public static final String NO_SPLIT = "";

  /** The split name of files of an export without splits, as the card's configs name it. */
  public static final String DEFAULT_SPLIT = "train";

  public ExportRequest config() {
    return job.config();
  }

  public List<String> types() {
    return config().dataTypes();
  }

  /** The export's split names in order, or {@link #NO_SPLIT} alone. */
  public List<String> splits() {
    return config().split() == null ? List.of(NO_SPLIT) : config().split().names();
  }

  /** The name a split has in the card: its own, or {@link #DEFAULT_SPLIT}. */
  public static String cardSplit(String split) {
    return split == null || split.isEmpty() ? DEFAULT_SPLIT : split;
  }

  public List<ExportFile> dataFiles(String split, String type) {
    return files.stream()
        .filter(ExportFile::isData)
        .filter(f -> type.equals(f.dataType()))
        .filter(f -> Objects.equals(split.isEmpty() ? null : split, emptyAsNull(f.split())))
        .toList();
  }

  public QualitySummary quality(String split, String type) {
    return quality.getOrDefault(split, Map.of()).getOrDefault(type, QualitySummary.EMPTY);
  }

  /** The type's figures over all its splits. */
  public QualitySummary quality(String type) {
    QualitySummary all = QualitySummary.EMPTY;
    for (String split : splits()) {
      all = all.plus(quality(split, type));
    }
    return all;
  }

  /** Rows per split and type, from the files. */
  public Map<String, Map<String, Long>> rows() {
    Map<String, Map<String, Long>> rows = new LinkedHashMap<>();
    for (String split : splits()) {
      Map<String, Long> perType = rows.computeIfAbsent(split, s -> new LinkedHashMap<>());
      for (String type : types()) {
        perType.put(type, dataFiles(split, type).stream().mapToLong(ExportFile::records).sum());
      }
    }
    return rows;
  }

  private static String emptyAsNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
