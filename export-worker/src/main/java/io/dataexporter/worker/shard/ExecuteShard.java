package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPiece;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.worker.compress.Codecs;
import io.dataexporter.worker.format.ParquetOptions;
import io.dataexporter.worker.incremental.IncrementalCuts;
import io.dataexporter.worker.progress.ShardProgress;
import io.dataexporter.worker.source.SampleAndSplit;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes one shard: streams its rows from the source, validates each against the export's level,
 * transforms it, and uploads the valid records as they come to the shard's part object and the
 * rejected ones (with the rules they broke) to its rejected part. Rows come through the COPY fast
 * path ({@link CopyReadPath}) where it gives the same bytes, else through the general path ({@link
 * CursorReadPath}); compressed, each part is a series of gzip members or zstd frames ({@link
 * Codecs}). Re-running a shard rewrites the same keys, so it is idempotent. An incremental export's
 * shard reads, on either path, only the rows that became visible after its predecessor's snapshot.
 * The request's row filters apply on both paths (bound parameters on the cursor, literals in COPY),
 * and so do the shard's split and sample threshold ({@link SampleAndSplit}).
 */
public final class ExecuteShard {
  private static final JsonMapper METADATA = JsonMapper.builder().build();

  private final DatasetRegistry datasets;
  private final SourceRows source;
  private final PartOutputs parts;
  private final ShardProgress progress;
  private final ShardSettings settings;
  private final CursorReadPath general;
  private final CopyReadPath copy;
  private final IncrementalCuts cuts;
  private final FilterParser filters;

  public ExecuteShard(
      SourceRows source,
      SourceCopy copy,
      IncrementalCuts cuts,
      DatasetRegistry datasets,
      PartOutputs parts,
      ShardProgress progress,
      ShardSettings settings,
      FilterParser filters) {
    this.datasets = datasets;
    this.filters = filters;
    this.source = source;
    this.cuts = cuts;
    this.parts = parts;
    this.progress = progress;
    this.settings = settings;
    this.general = new CursorReadPath(source, settings.hashKey());
    this.copy = new CopyReadPath(copy, settings.copyFastPath(), general);
  }

  /**
   * What a finished shard wrote: one part ({@code partKey}, {@code sha256}), or for a multi-file
   * export its {@code pieces} (then {@code records} and {@code bytes} are their sums).
   */
  public record Result(
      String partKey,
      long records,
      long bytes,
      String sha256,
      ValidationSummary validation,
      QualitySummary quality,
      Stages stages,
      boolean copyPath,
      List<ShardPiece> pieces) {}

  /**
   * Where the shard's time went, in nanoseconds: reading rows from the database (the driver's
   * fetches and decoding included), encoding them (validation, transformations, the format),
   * compressing, and uploading (time the encoder waited on the upload, and the final part).
   */
  public record Stages(long read, long encode, long compress, long upload) {}

  /**
   * @param snapshot names of the export's snapshot, held by its holders: the shard reads the rows
   *     as of that moment
   * @throws io.dataexporter.worker.snapshot.SnapshotLostException when no holder has it any more
   */
  public Result run(ExportJob job, Shard shard, ShardLease.Keeper lease, List<String> snapshot)
      throws IOException {
    ExportRequest request = job.config();
    Dataset dataset = datasets.get(shard.dataType());
    boolean unbounded = request.startDate() == null && request.endDate() == null;
    RowFilter filter =
        SampleAndSplit.forShard(
            new RowFilter(
                    dataset,
                    shard.rangeStart(),
                    shard.rangeEnd(),
                    request.processes(),
                    unbounded && shard.rangeEnd() == null && source.timeMayBeNull(dataset))
                .withIdHighWater(shard.idHighWater())
                .withVisibleAfter(cuts.forShard(job.id(), shard.epoch()))
                .withConditions(filters.conditions(request, dataset)),
            request,
            shard.split(),
            shard.sampleBelow());
    String partKey =
        ObjectKeys.part(job.id(), shard.dataType(), shard.epoch(), shard.seq(), shard.attempts());
    Optional<CopyReadPath.Plan> plan = copy.plan(request, dataset, filter);
    if (plan.isPresent()) {
      ShardAttempt attempt = newAttempt(job, shard, dataset, lease, partKey);
      try {
        copy.read(attempt, filter, plan.get(), snapshot);
        return attempt.finish(partKey);
      } catch (CopyReadPath.Unsuitable e) {
        // a value the fast path cannot render as the general path does: start over without it
        attempt.abort(e);
      } catch (IOException | RuntimeException e) {
        attempt.abort(e);
        throw e;
      }
    }
    ShardAttempt attempt = newAttempt(job, shard, dataset, lease, partKey);
    try {
      general.read(attempt, filter, snapshot);
      return attempt.finish(partKey);
    } catch (IOException | RuntimeException e) {
      attempt.abort(e);
      throw e;
    }
  }

  private ShardAttempt newAttempt(
      ExportJob job, Shard shard, Dataset dataset, ShardLease.Keeper lease, String partKey) {
    Compression compression = job.config().streamCompression();
    boolean pieces = job.config().multiFile();
    return new ShardAttempt(
        job,
        shard,
        dataset,
        lease,
        pieces ? null : parts.open(partKey, compression),
        pieces ? new ShardPieces(parts, job, shard, dataset) : null,
        parts.open(
            ObjectKeys.rejectedPart(
                job.id(), shard.dataType(), shard.epoch(), shard.seq(), shard.attempts()),
            compression),
        progress,
        settings,
        parquetOptions(job, dataset));
  }

  /** How the shard's Parquet files are written: the page codec at its level, sizes, metadata. */
  private ParquetOptions parquetOptions(ExportJob job, Dataset dataset) {
    ExportRequest request = job.config();
    Compression.Codec codec = request.pageCodec();
    int level =
        codec == Compression.Codec.GZIP || codec == Compression.Codec.ZSTD
            ? parts.codecs().level(request.compression())
            : 0;
    String metadata = null;
    if (request.includeMetadata()) {
      ObjectNode node = METADATA.createObjectNode();
      node.put("export_id", job.id().toString());
      node.put("data_type", dataset.name());
      node.put("format", request.outputFormat().extension());
      node.put("created_at", job.createdAt().toString());
      node.set("config", new ExportConfigCodec(METADATA).toJson(request));
      metadata = METADATA.writeValueAsString(node);
    }
    return new ParquetOptions(codec, level, settings.parquet(), metadata);
  }
}
