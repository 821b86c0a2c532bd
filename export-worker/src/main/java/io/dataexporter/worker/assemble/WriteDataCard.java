package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.source.DatasetCatalog;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an export's {@code README.md} ({@link DataCard}) and {@code schema.json} ({@link
 * TableSchema}) beside its files, from the files, the shards' merged column figures and the
 * configured owner and license; both are plain (never encrypted) and listed with kinds {@code card}
 * and {@code schema}.
 */
public final class WriteDataCard {
  public static final String CARD_NAME = "README.md";
  public static final String SCHEMA_NAME = "schema.json";

  private final ObjectStore store;
  private final DatasetRegistry datasets;
  private final DatasetCatalog catalog;
  private final JsonMapper mapper;
  private final CardProperties properties;

  public WriteDataCard(
      ObjectStore store,
      DatasetRegistry datasets,
      DatasetCatalog catalog,
      JsonMapper mapper,
      CardProperties properties) {
    this.store = store;
    this.datasets = datasets;
    this.catalog = catalog;
    this.mapper = mapper;
    this.properties = properties;
  }

  /** Writes both files and returns their entries (card first). */
  public List<ExportFile> write(
      ExportJob job,
      List<ExportFile> files,
      List<Shard> shards,
      PointInTime moment,
      Instant finishedAt) {
    CardFacts facts = facts(job, files, shards, moment, finishedAt);
    return List.of(
        put(job, CARD_NAME, ExportFile.CARD, new DataCard(mapper).render(facts), "text/markdown"),
        put(
            job,
            SCHEMA_NAME,
            ExportFile.SCHEMA,
            new TableSchema(mapper).render(facts),
            "application/json"));
  }

  CardFacts facts(
      ExportJob job,
      List<ExportFile> files,
      List<Shard> shards,
      PointInTime moment,
      Instant finishedAt) {
    Map<String, List<CardField>> fields = new LinkedHashMap<>();
    Map<String, ValidationSummary> validation = new LinkedHashMap<>();
    for (String type : job.config().dataTypes()) {
      Dataset dataset = datasets.get(type);
      fields.put(
          type,
          OutputSchema.of(
              dataset, catalog.sourceColumns(dataset), job.config().transformationsOf(type)));
      validation.put(type, ManifestWriter.validationOf(type, shards));
    }
    return new CardFacts(
        job,
        new ExportConfigCodec(mapper).toJson(job.config()),
        files,
        fields,
        qualityBySplit(shards),
        validation,
        moment,
        finishedAt,
        properties.owner(),
        properties.license());
  }

  /** Per split ({@link CardFacts#NO_SPLIT} for none), per type, the shards' merged figures. */
  public static Map<String, Map<String, QualitySummary>> qualityBySplit(List<Shard> shards) {
    Map<String, Map<String, QualitySummary>> bySplit = new LinkedHashMap<>();
    for (Shard shard : shards) {
      String split = shard.split() == null ? CardFacts.NO_SPLIT : shard.split();
      bySplit
          .computeIfAbsent(split, s -> new LinkedHashMap<>())
          .merge(
              shard.dataType(),
              shard.quality() == null ? QualitySummary.EMPTY : shard.quality(),
              QualitySummary::plus);
    }
    return bySplit;
  }

  private ExportFile put(ExportJob job, String name, String kind, byte[] bytes, String type) {
    String key = ObjectKeys.file(job.id(), name);
    store.put(key, new ByteArrayInputStream(bytes), type);
    String sha256;
    try {
      sha256 =
          HexFormat.of()
              .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return new ExportFile(null, name, key, bytes.length, 0, sha256, kind, sha256);
  }
}
