package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPiece;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.worker.format.JsonRecordWriter;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.progress.ShardProgress;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.storage.StreamingUpload;
import io.dataexporter.worker.transform.TransformPipeline;
import io.dataexporter.worker.validation.QualityCounts;
import io.dataexporter.worker.validation.RecordValidator;
import io.dataexporter.worker.validation.RuleBook;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One attempt at a shard, whichever path reads its rows: its data and rejected parts, the writers
 * (made once the columns are known), the validation and quality counters, and its clocks.
 */
final class ShardAttempt {
  final ExportJob job;
  final Shard shard;
  final ExportRequest request;
  final Dataset dataset;

  /** The single part of a one-file export; null when the shard writes pieces. */
  final PartOutput data;

  /** The pieces of a multi-file export; null for a one-file export. */
  final ShardPieces pieces;

  final PartOutput rejected;
  final RecordValidator validator;
  final QualityCounts quality = new QualityCounts();

  /** The writers, created once the result set's columns are known. */
  TransformPipeline pipeline;

  RecordWriter dataWriter;
  JsonRecordWriter rejectedWriter;

  /** Where the source row's time is, for {@code partition_by}; -1 without partitions. */
  private int timeIndex = -1;

  private final ShardLease.Keeper lease;
  private final Throttle throttle;
  private final ShardProgress progress;
  private final int progressEvery;
  private final long started = System.nanoTime();
  private long inSink;
  private long written;

  /** Rows the COPY path wrote (checked and valid alike). */
  private long copiedValid;

  /** Whether the rows came through COPY. */
  private boolean copied;

  ShardAttempt(
      ExportJob job,
      Shard shard,
      Dataset dataset,
      ShardLease.Keeper lease,
      PartOutput data,
      ShardPieces pieces,
      PartOutput rejected,
      ShardProgress progress,
      ShardSettings settings) {
    this.job = job;
    this.shard = shard;
    this.request = job.config();
    this.dataset = dataset;
    this.lease = lease;
    this.data = data;
    this.pieces = pieces;
    this.rejected = rejected;
    this.progress = progress;
    this.progressEvery = settings.progressEvery();
    this.throttle = new Throttle(settings.maxRowsPerSecond());
    this.validator =
        new RecordValidator(RuleBook.rules(request.validationLevel(), dataset, job.createdAt()));
  }

  /** Finds the time column among the source columns, when the export is partitioned by time. */
  void bindPartitions(SourceColumns columns) {
    timeIndex = request.partitionBy() == null ? -1 : columns.names().indexOf(dataset.timeColumn());
  }

  /**
   * The time partition of a source row (before transformations), or null without {@code
   * partition_by}.
   */
  String partitionOf(Object[] sourceRow) {
    if (timeIndex < 0) {
      return null;
    }
    Object time = sourceRow[timeIndex];
    return request.partitionBy().folder(time == null ? null : Instant.parse((String) time));
  }

  /** Before each row: renews the lease when due (and notices a cancel), and keeps the rate cap. */
  void beforeRow() {
    lease.onProgress();
    throttle.onRow();
  }

  /** Counts one record written to the data part; reports progress every so many. */
  void recordWritten() {
    if (++written % progressEvery == 0) {
      progress.report(job.id(), shard.id(), written);
    }
  }

  long written() {
    return written;
  }

  /** Time spent handling rows (validating, encoding, compressing, uploading) since {@code t0}. */
  void inSinkSince(long t0) {
    inSink += System.nanoTime() - t0;
  }

  /** The rows come through COPY. */
  void copying() {
    copied = true;
  }

  /** The COPY wrote {@code valid} rows (its flagged ones are replayed through the general path). */
  void copiedValid(long valid) {
    copiedValid = valid;
  }

  void abort(Exception reason) {
    if (data != null) {
      data.abort(reason);
    }
    if (pieces != null) {
      pieces.abort(reason);
    }
    rejected.abort(reason);
  }

  ExecuteShard.Result finish(String partKey) throws IOException {
    long finishing = System.nanoTime();
    long[] clocks = data != null ? data.clocks() : pieces.clocks();
    StreamingUpload.Stored stored = null;
    List<ShardPiece> pieceList = null;
    if (data != null) {
      if (dataWriter != null) {
        dataWriter.finish();
      }
      stored = data.finish();
    } else {
      pieceList = pieces.finish();
    }
    long finished = System.nanoTime();
    if (rejectedWriter != null) {
      rejectedWriter.finish();
      rejected.finish();
    }
    progress.report(job.id(), shard.id(), written);
    ValidationSummary validation =
        new ValidationSummary(copiedValid, copiedValid, 0, Map.of())
            .plus(validator.counts().summary());
    return new ExecuteShard.Result(
        partKey,
        written,
        stored != null ? stored.bytes() : pieces.bytes(),
        stored != null ? stored.sha256() : null,
        validation,
        quality.summary(),
        PartOutput.stages(finishing - started - inSink, inSink, finished - finishing, clocks),
        copied,
        pieceList);
  }
}
