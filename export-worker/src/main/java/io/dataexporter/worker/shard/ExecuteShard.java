package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.compress.GzipEngine;
import io.dataexporter.worker.compress.GzipOutputStream;
import io.dataexporter.worker.format.CopyRowWriter;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.JsonRecordWriter;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.progress.ShardProgress;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import io.dataexporter.worker.storage.StreamingUpload;
import io.dataexporter.worker.transform.TransformPipeline;
import io.dataexporter.worker.validation.QualityCounts;
import io.dataexporter.worker.validation.RecordValidator;
import io.dataexporter.worker.validation.RuleBook;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Writes one shard: streams its rows from the source, validates each against the export's level,
 * transforms it, and uploads the valid records as they come to the shard's part object and the
 * rejected ones (with the rules they broke) to its rejected part. Compressed, each part is a series
 * of gzip members ({@link GzipEngine}). Re-running a shard rewrites the same keys, so it is
 * idempotent.
 */
public final class ExecuteShard {
  private final SourceRows source;
  private final SourceCopy copy;
  private final DatasetRegistry datasets;
  private final ObjectStore store;
  private final ExecutorService uploads;
  private final ShardProgress progress;
  private final int progressEvery;
  private final byte[] hashKey;
  private final long maxRowsPerSecond;
  private final GzipEngine gzipEngine;
  private final int compressionLevel;

  public ExecuteShard(
      SourceRows source,
      SourceCopy copy,
      DatasetRegistry datasets,
      ObjectStore store,
      ExecutorService uploads,
      ShardProgress progress,
      int progressEvery,
      byte[] hashKey,
      long maxRowsPerSecond,
      GzipEngine gzipEngine,
      int compressionLevel) {
    this.source = source;
    this.copy = copy;
    this.datasets = datasets;
    this.store = store;
    this.uploads = uploads;
    this.progress = progress;
    this.progressEvery = progressEvery;
    this.hashKey = hashKey.clone();
    this.maxRowsPerSecond = maxRowsPerSecond;
    this.gzipEngine = gzipEngine;
    this.compressionLevel = compressionLevel;
  }

  /** What a finished shard wrote. */
  public record Result(
      String partKey,
      long records,
      long bytes,
      String sha256,
      ValidationSummary validation,
      QualitySummary quality,
      Stages stages,
      boolean copyPath) {}

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
        new RowFilter(
                dataset,
                shard.rangeStart(),
                shard.rangeEnd(),
                request.processes(),
                unbounded && shard.rangeEnd() == null && source.timeMayBeNull(dataset))
            .withIdHighWater(shard.idHighWater());
    String partKey =
        ObjectKeys.part(job.id(), shard.dataType(), shard.epoch(), shard.seq(), shard.attempts());
    CopyPlan plan = copyPlan(request, dataset, filter);
    if (plan != null) {
      Attempt attempt = newAttempt(job, shard, lease, partKey);
      try {
        attempt.copy(filter, plan, snapshot);
        return attempt.finish(partKey);
      } catch (UnsuitableForCopy e) {
        // a value the fast path cannot render as the general path does: start over without it
        attempt.abort(e);
      } catch (IOException | RuntimeException e) {
        attempt.abort(e);
        throw e;
      }
    }
    Attempt attempt = newAttempt(job, shard, lease, partKey);
    try {
      attempt.stream(filter, snapshot);
      return attempt.finish(partKey);
    } catch (IOException | RuntimeException e) {
      attempt.abort(e);
      throw e;
    }
  }

  private Attempt newAttempt(ExportJob job, Shard shard, ShardLease.Keeper lease, String partKey) {
    boolean gzip = job.config().compression();
    return new Attempt(
        job,
        shard,
        lease,
        new PartOutput(partKey, gzip),
        new PartOutput(
            ObjectKeys.rejectedPart(
                job.id(), shard.dataType(), shard.epoch(), shard.seq(), shard.attempts()),
            gzip));
  }

  /** A row holds a value the COPY path would write differently from the general path. */
  private static final class UnsuitableForCopy extends RuntimeException {
    UnsuitableForCopy() {
      super("a timestamp outside years 1 to 9999, or infinite: the general path writes this shard");
    }
  }

  /**
   * The COPY fast path applies to CSV without transformations, when every column's text is the same
   * from PostgreSQL and from the Java writers, and the validation level's rules can be written in
   * SQL; null otherwise.
   */
  private CopyPlan copyPlan(ExportRequest request, Dataset dataset, RowFilter filter) {
    if (copy == null
        || request.outputFormat() != OutputFormat.CSV
        || !request.transformationsOf(dataset.name()).isEmpty()
        || !RowFilter.literalSafe(filter.from())
        || !RowFilter.literalSafe(filter.to())) {
      return null;
    }
    return copy.columns(dataset)
        .flatMap(
            columns ->
                RuleBook.asSql(request.validationLevel(), dataset, columns)
                    .map(check -> new CopyPlan(columns, check.brokenWhen())))
        .orElse(null);
  }

  private record CopyPlan(SourceColumns columns, String brokenWhen) {}

  /** One attempt at a shard: its outputs, counters and clocks. */
  private final class Attempt {
    private final ExportJob job;
    private final Shard shard;
    private final ShardLease.Keeper lease;
    private final PartOutput data;
    private final PartOutput rejected;
    private final ExportRequest request;
    private final Dataset dataset;
    private final RecordValidator validator;
    private final QualityCounts quality = new QualityCounts();
    private final Throttle throttle = new Throttle(maxRowsPerSecond);
    private final Encoders encoders = new Encoders();
    private final long started = System.nanoTime();
    private long inSink;
    private long written;

    /** Validation figures of rows the COPY path wrote (checked and valid alike). */
    private long copiedValid;

    /** Whether the rows came through COPY. */
    private boolean copied;

    Attempt(
        ExportJob job, Shard shard, ShardLease.Keeper lease, PartOutput data, PartOutput rejected) {
      this.job = job;
      this.shard = shard;
      this.lease = lease;
      this.data = data;
      this.rejected = rejected;
      this.request = job.config();
      this.dataset = datasets.get(shard.dataType());
      this.validator =
          new RecordValidator(RuleBook.rules(request.validationLevel(), dataset, job.createdAt()));
    }

    /**
     * The fast path: PostgreSQL's CSV bytes go to the part as they come (line ends as CRLF and
     * timestamps as {@code Instant} text, like the Java writer), counting non-null fields per
     * column on the way. Rows flagged as failing validation are skipped; when there were any, they
     * are read again through the Java path, which writes them to the rejected part with the rules
     * they broke.
     */
    void copy(RowFilter filter, CopyPlan plan, List<String> snapshot) throws IOException {
      copied = true;
      quality.bind(plan.columns().names());
      OutputStream out = data.stream();
      boolean[] timestamps = new boolean[plan.columns().size()];
      for (int i = 0; i < timestamps.length; i++) {
        timestamps[i] = plan.columns().kind(i) == ColumnKind.TIMESTAMP;
      }
      CopyRowWriter rows = new CopyRowWriter(timestamps);
      long[] flagged = new long[1];
      copy.copy(
          filter,
          plan.columns(),
          plan.brokenWhen(),
          request.batchSize(),
          snapshot,
          row -> {
            long t0 = System.nanoTime();
            try {
              lease.onProgress();
              throttle.onRow();
              int outcome = rows.write(row, out);
              if (outcome == CopyRowWriter.UNSUITABLE) {
                throw new UnsuitableForCopy();
              }
              if (outcome == CopyRowWriter.FLAGGED) {
                flagged[0]++;
                return;
              }
              if (++written % progressEvery == 0) {
                progress.report(job.id(), shard.id(), written);
              }
            } finally {
              inSink += System.nanoTime() - t0;
            }
          },
          connection -> {
            copiedValid = written;
            // the flagged rows again, from the same snapshot, through the general path
            if (flagged[0] > 0) {
              SourceRows.read(
                  connection, filter, plan.brokenWhen(), request.batchSize(), sink(true));
            }
          });
      quality.add(copiedValid, rows.nonNull());
    }

    void abort(Exception reason) {
      data.abort(reason);
      rejected.abort(reason);
    }

    /** The general path: each row through validation, transformations and the format's writer. */
    void stream(RowFilter filter, List<String> snapshot) {
      source.stream(filter, null, request.batchSize(), snapshot, sink(false));
    }

    /**
     * @param replay the rows are those the COPY path flagged as failing validation: each must fail
     *     it here too
     */
    private SourceRows.RowSink sink(boolean replay) {
      return new SourceRows.RowSink() {
        @Override
        public void begin(SourceColumns columns) throws IOException {
          validator.bind(columns);
          encoders.pipeline =
              TransformPipeline.compile(
                  columns, request.transformationsOf(dataset.name()), hashKey);
          encoders.data =
              FileLayout.recordWriter(
                  request.outputFormat(), data.stream(), encoders.pipeline.output());
          if (!replay) {
            quality.bind(encoders.pipeline.output().names());
          }
        }

        @Override
        public void accept(Object[] row) throws IOException {
          long t0 = System.nanoTime();
          try {
            write(row);
          } finally {
            inSink += System.nanoTime() - t0;
          }
        }

        private void write(Object[] row) throws IOException {
          lease.onProgress();
          throttle.onRow();
          List<String> broken = validator.check(row);
          Object[] out = encoders.pipeline.apply(row);
          if (!broken.isEmpty()) {
            if (encoders.rejected == null) {
              encoders.rejected =
                  new JsonRecordWriter(rejected.stream(), encoders.pipeline.output(), true);
            }
            encoders.rejected.writeRejected(out, broken);
            return;
          }
          if (replay) {
            throw new IllegalStateException(
                "a row the SQL validation flagged passes the Java rules: they disagree");
          }
          encoders.data.write(out);
          quality.count(out);
          if (++written % progressEvery == 0) {
            progress.report(job.id(), shard.id(), written);
          }
        }
      };
    }

    Result finish(String partKey) throws IOException {
      long finishing = System.nanoTime();
      long[] clocks = data.clocks();
      if (encoders.data != null) {
        encoders.data.finish();
      }
      StreamingUpload.Stored stored = data.finish();
      long finished = System.nanoTime();
      if (encoders.rejected != null) {
        encoders.rejected.finish();
        rejected.finish();
      }
      progress.report(job.id(), shard.id(), written);
      ValidationSummary validation =
          new ValidationSummary(copiedValid, copiedValid, 0, Map.of())
              .plus(validator.counts().summary());
      return new Result(
          partKey,
          written,
          stored.bytes(),
          stored.sha256(),
          validation,
          quality.summary(),
          PartOutput.stages(finishing - started - inSink, inSink, finished - finishing, clocks),
          copied);
    }
  }

  /** The writers of one shard, created once the result set's columns are known. */
  private static final class Encoders {
    TransformPipeline pipeline;
    RecordWriter data;
    JsonRecordWriter rejected;
  }

  /** An upload opened on first use, buffered and optionally gzipped. */
  private final class PartOutput {
    private final String key;
    private final boolean gzip;
    private StreamingUpload upload;
    private TimedOutputStream uploading;
    private BufferedOutputStream buffered;
    private GzipOutputStream gzipStream;
    private TimedOutputStream compressing;

    PartOutput(String key, boolean gzip) {
      this.key = key;
      this.gzip = gzip;
    }

    OutputStream stream() throws IOException {
      if (upload == null) {
        upload = new StreamingUpload(store, key, "application/octet-stream", uploads);
        uploading = new TimedOutputStream(upload);
        buffered = new BufferedOutputStream(uploading, 64 * 1024);
        if (gzip) {
          gzipStream = gzipEngine.open(buffered, compressionLevel);
          compressing = new TimedOutputStream(gzipStream);
        }
      }
      return compressing != null ? compressing : buffered;
    }

    /** Time so far in upload writes, and in compressor writes (upload writes below included). */
    long[] clocks() {
      long upload = uploading == null ? 0 : uploading.nanos();
      return new long[] {upload, compressing == null ? upload : compressing.nanos()};
    }

    /**
     * @param read time outside the encoder
     * @param inEncoder time in the encoder, the compressor and upload waits below it included
     * @param finishing time to flush the last bytes and complete the upload (counted as upload)
     * @param clocks {@link #clocks()} when finishing began
     */
    static Stages stages(long read, long inEncoder, long finishing, long[] clocks) {
      long upload = clocks[0];
      long compressAndUpload = clocks[1];
      return new Stages(
          Math.max(0, read),
          Math.max(0, inEncoder - compressAndUpload),
          Math.max(0, compressAndUpload - upload),
          upload + finishing);
    }

    StreamingUpload.Stored finish() throws IOException {
      stream();
      if (gzipStream != null) {
        try {
          gzipStream.finish();
        } finally {
          gzipStream.release();
        }
      }
      buffered.flush();
      return upload.finish();
    }

    void abort(Exception reason) {
      if (gzipStream != null) {
        gzipStream.release();
      }
      if (upload != null) {
        upload.abort(reason);
      }
    }
  }
}
