package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.filter.FilterCondition;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.job.ColumnProfile;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.schedule.ScheduleRun;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.transform.Transformation;
import io.dataexporter.worker.format.FileMetadata;
import io.dataexporter.worker.incremental.IncrementalCuts;
import io.dataexporter.worker.source.DatasetCatalog;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code manifest.json}, the export's single source of truth, and the metadata object of
 * JSON files.
 */
public final class ManifestWriter {
  public static final int FORMAT_VERSION = 1;

  private final DatasetRegistry datasets;
  private final DatasetCatalog catalog;
  private final IncrementalCuts cuts;
  private final JsonMapper mapper;
  private final ExportConfigCodec codec;
  private final ScheduleRunRepository runs;
  private final FilterParser filters;

  public ManifestWriter(
      DatasetRegistry datasets,
      DatasetCatalog catalog,
      IncrementalCuts cuts,
      JsonMapper mapper,
      ScheduleRunRepository runs,
      FilterParser filters) {
    this.filters = filters;
    this.datasets = datasets;
    this.catalog = catalog;
    this.cuts = cuts;
    this.mapper = mapper;
    this.codec = new ExportConfigCodec(mapper);
    this.runs = runs;
  }

  /** Per data type, the validation figures of its shards, with the level. */
  public static ValidationSummary validationOf(String type, List<Shard> shards) {
    return shards.stream()
        .filter(s -> s.dataType().equals(type))
        .map(Shard::validation)
        .reduce(ValidationSummary.EMPTY, ValidationSummary::plus, ValidationSummary::plus);
  }

  ObjectNode fileMetadata(ExportJob job, String type, long records, Instant finishedAt) {
    return FileMetadata.of(mapper, job, type, records, finishedAt);
  }

  byte[] manifest(
      ExportJob job,
      List<ExportFile> files,
      List<Shard> shards,
      Instant finishedAt,
      PointInTime moment) {
    ObjectNode root = mapper.createObjectNode();
    root.put("format_version", FORMAT_VERSION);
    root.put("export_id", job.id().toString());
    root.put("created_by", job.createdBy());
    root.put("created_at", job.createdAt().toString());
    root.put("completed_at", finishedAt.toString());
    ObjectNode snapshot = root.putObject("snapshot");
    snapshot.put("consistency", PointInTime.CONSISTENCY);
    snapshot.put("taken_at", moment.takenAt() == null ? null : moment.takenAt().toString());
    snapshot.put("transaction_snapshot", moment.xids());
    snapshot.put("plan", moment.epoch());
    cuts.describe(job.id()).ifPresent(cut -> root.set("visibility", visibility(cut)));
    root.set("request", codec.toJson(job.config()));
    var run = runs.findByExport(job.id());
    root.put("schedule_id", run.map(r -> r.scheduleId().toString()).orElse(null));
    run.ifPresent(r -> root.set("schedule", schedule(r)));
    ObjectNode datasetNodes = root.putObject("datasets");
    ObjectNode validation = root.putObject("validation");
    ObjectNode quality = root.putObject("quality");
    ObjectNode transformations = root.putObject("transformations");
    ObjectNode filterNodes = root.putObject("filters");
    for (String type : job.config().dataTypes()) {
      datasetNodes.set(type, dataset(job, datasets.get(type), shards));
      ObjectNode v = validation.putObject(type);
      v.put("level", job.config().validationLevel().name().toLowerCase(Locale.ROOT));
      v.setAll((ObjectNode) mapper.valueToTree(validationOf(type, shards)));
      QualitySummary q =
          shards.stream()
              .filter(s -> s.dataType().equals(type))
              .map(Shard::quality)
              .reduce(QualitySummary.EMPTY, QualitySummary::plus, QualitySummary::plus);
      ObjectNode qn = quality.putObject(type);
      qn.put("records", q.records());
      Map<String, Double> shares = q.nonNullShares();
      Map<String, Double> ordered = new LinkedHashMap<>();
      // stored as jsonb, which does not keep key order: put them back in field order
      AssembleFiles.outputFields(datasets.get(type), job.config())
          .forEach(f -> ordered.put(f, shares.getOrDefault(f, 1.0)));
      qn.set("non_null_share", mapper.valueToTree(ordered));
      qn.set("profiles", profiles(q, ordered.keySet()));
      if (job.config().split() != null) {
        ObjectNode perSplit = qn.putObject("splits");
        WriteDataCard.qualityBySplit(shards)
            .forEach(
                (split, byType) -> {
                  QualitySummary sq = byType.getOrDefault(type, QualitySummary.EMPTY);
                  ObjectNode sn = perSplit.putObject(split);
                  sn.put("records", sq.records());
                  sn.set("profiles", profiles(sq, ordered.keySet()));
                });
      }
      filterNodes.set(
          type,
          mapper.valueToTree(
              filters.conditions(job.config(), datasets.get(type)).stream()
                  .map(FilterCondition::describe)
                  .toList()));
      transformations.set(
          type,
          mapper.valueToTree(
              job.config().transformationsOf(type).stream().map(Transformation::toMap).toList()));
    }
    ObjectNode layout = root.putObject("layout");
    layout.put("multi_file", job.config().multiFile());
    layout.put(
        "max_file_size_bytes",
        job.config().maxFileSize() == null ? null : job.config().maxFileSize().bytes());
    layout.put(
        "partition_by",
        job.config().partitionBy() == null ? null : job.config().partitionBy().wire());
    if (job.config().sample() != null) {
      root.set("sample", sample(job, shards));
    }
    if (job.config().split() != null) {
      root.set("split", split(job, shards));
    }
    ArrayNode fileNodes = root.putArray("files");
    for (ExportFile f : files) {
      // the data card and schema.json are listed too (data_type null)
      ObjectNode n = fileNodes.addObject();
      n.put("data_type", f.dataType());
      n.put("kind", f.kind());
      n.put("name", f.name());
      n.put("path", f.name());
      n.put("split", f.split());
      n.put("partition", f.partition());
      n.put("key", f.key());
      n.put("records", f.records());
      n.put("bytes", f.size());
      n.put("sha256", f.sha256());
      n.put("sha256_plaintext", f.sha256Plaintext());
    }
    root.put(
        "total_records",
        files.stream().filter(ExportFile::isData).mapToLong(ExportFile::records).sum());
    root.put("total_bytes", files.stream().mapToLong(ExportFile::size).sum());
    ObjectNode timings = root.putObject("timings");
    timings.put("created_at", job.createdAt().toString());
    timings.put("started_at", job.startedAt() == null ? null : job.startedAt().toString());
    timings.put("finished_at", finishedAt.toString());
    timings.put("duration_ms", Duration.between(job.createdAt(), finishedAt).toMillis());
    ArrayNode shardNodes = root.putArray("shards");
    for (Shard s : shards) {
      ObjectNode n = shardNodes.addObject();
      n.put("data_type", s.dataType());
      n.put("seq", s.seq());
      n.put("range_start", text(s.rangeStart()));
      n.put("range_end", text(s.rangeEnd()));
      n.put("records", s.records());
      n.put("rejected", s.validation() == null ? 0 : s.validation().rejected());
      n.put("worker_id", s.workerId());
      n.put("attempts", s.attempts());
      n.put(
          "duration_ms",
          s.startedAt() == null || s.completedAt() == null
              ? null
              : Duration.between(s.startedAt(), s.completedAt()).toMillis());
    }
    return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  /**
   * Per data type: the sample as requested (fraction or rows, seed, key: null for the id column),
   * the hash threshold its shards kept rows below (null: every row) and the rows kept.
   */
  private ObjectNode sample(ExportJob job, List<Shard> shards) {
    var sample = job.config().sample();
    ObjectNode node = mapper.createObjectNode();
    for (String type : job.config().dataTypes()) {
      ObjectNode t = node.putObject(type);
      if (sample.fraction() != null) {
        t.put("fraction", sample.fraction());
      } else {
        t.put("rows", sample.rows());
      }
      t.put("seed", sample.seed());
      t.put("key", sample.key());
      t.put(
          "threshold",
          shards.stream()
              .filter(s -> s.dataType().equals(type) && s.sampleBelow() != null)
              .map(Shard::sampleBelow)
              .findFirst()
              .orElse(null));
      t.put(
          "kept",
          shards.stream()
              .filter(s -> s.dataType().equals(type))
              .mapToLong(s -> s.records() == null ? 0 : s.records())
              .sum());
    }
    return node;
  }

  /** The split as requested and the rows of each split per data type. */
  private ObjectNode split(ExportJob job, List<Shard> shards) {
    var split = job.config().split();
    ObjectNode node = mapper.createObjectNode();
    ObjectNode ratios = node.putObject("ratios");
    new java.util.TreeMap<>(split.ratios()).forEach(ratios::put);
    node.put("key", split.key());
    node.put("seed", split.seed());
    ObjectNode rows = node.putObject("rows");
    for (String name : split.names()) {
      ObjectNode perType = rows.putObject(name);
      for (String type : job.config().dataTypes()) {
        perType.put(
            type,
            shards.stream()
                .filter(s -> s.dataType().equals(type) && name.equals(s.split()))
                .mapToLong(s -> s.records() == null ? 0 : s.records())
                .sum());
      }
    }
    return node;
  }

  /**
   * Per field in order: its kind, null share, min and max (numbers and times), and the 10 most
   * frequent values of a text field with at most 50 distinct values ({@code many_values} when it
   * had more).
   */
  private ObjectNode profiles(QualitySummary q, java.util.Collection<String> fields) {
    ObjectNode node = mapper.createObjectNode();
    for (String field : fields) {
      ObjectNode f = node.putObject(field);
      ColumnProfile p = q.profiles().get(field);
      Long nonNull = q.nonNull().get(field);
      f.put(
          "null_share",
          nonNull == null || q.records() == 0 ? null : 1.0 - (double) nonNull / q.records());
      if (p == null) {
        continue;
      }
      f.put("kind", p.kind());
      if (p.min() != null || p.max() != null) {
        f.set("min", mapper.valueToTree(p.min()));
        f.set("max", mapper.valueToTree(p.max()));
      }
      if (ColumnProfile.TEXT.equals(p.kind())) {
        f.put("many_values", p.manyValues());
        f.set("top", mapper.valueToTree(p.topMap()));
      }
    }
    return node;
  }

  /**
   * The schedule run that made the export: its fire time and trigger, and the window (window mode)
   * or the snapshot it starts after (incremental mode; null for a chain's first run).
   */
  private ObjectNode schedule(ScheduleRun run) {
    ObjectNode node = mapper.createObjectNode();
    node.put("schedule_id", run.scheduleId().toString());
    node.put("run_id", run.id());
    node.put("fire_time", run.fireTime().toString());
    node.put("trigger", run.trigger());
    if (run.windowStart() != null || run.windowEnd() != null) {
      ObjectNode window = node.putObject("window");
      window.put("start", text(run.windowStart()));
      window.put("end", text(run.windowEnd()));
    } else {
      ObjectNode visibility = node.putObject("visibility");
      visibility.put("after", run.after() == null ? null : text(run.after().takenAt()));
      visibility.put("after_snapshot", run.after() == null ? null : run.after().snapshot());
    }
    return node;
  }

  /** The table, its exported columns with their SQL types, and the time bounds used. */
  private ObjectNode dataset(ExportJob job, Dataset dataset, List<Shard> shards) {
    ObjectNode node = mapper.createObjectNode();
    node.put("table", dataset.table());
    node.put("id_column", dataset.idColumn());
    node.put("time_column", dataset.timeColumn());
    node.set("columns", mapper.valueToTree(catalog.columnTypes(dataset)));
    node.set(
        "output_fields", mapper.valueToTree(AssembleFiles.outputFields(dataset, job.config())));
    ObjectNode bounds = node.putObject("time_bounds");
    bounds.put(
        "start",
        job.config().startDate() == null ? null : job.config().startDate().toInstant().toString());
    bounds.put(
        "end",
        job.config().endDate() == null ? null : job.config().endDate().toInstant().toString());
    bounds.put("shards", shards.stream().filter(s -> s.dataType().equals(dataset.name())).count());
    if (job.config().split() != null) {
      Map<String, Long> rows = new java.util.TreeMap<>();
      shards.stream()
          .filter(s -> s.dataType().equals(dataset.name()) && s.split() != null)
          .forEach(s -> rows.merge(s.split(), s.records() == null ? 0 : s.records(), Long::sum));
      node.set("rows_per_split", mapper.valueToTree(rows));
    }
    return node;
  }

  /**
   * An incremental export's cut: the rows it holds are those its snapshot sees and the previous
   * run's did not (by inserting transaction, {@code after_xmin} and {@code after_xids_count} ids
   * skipped); {@code snapshot} is where the next run starts. A chain's first run has no {@code
   * after_xmin} (every row).
   */
  private ObjectNode visibility(IncrementalCuts.Described cut) {
    ObjectNode node = mapper.createObjectNode();
    node.put("after_xmin", cut.afterXmin());
    node.put("after_xids_count", cut.afterXidsCount());
    node.put("snapshot", cut.snapshot());
    node.put("visible_xids_count", cut.visibleXidsCount());
    return node;
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
