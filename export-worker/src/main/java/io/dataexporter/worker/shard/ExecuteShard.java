package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.QualitySummary;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ValidationSummary;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.JsonRecordWriter;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.progress.ShardProgress;
import io.dataexporter.worker.source.SourceColumns;
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
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one shard: streams its rows from the source, validates each against the export's level,
 * transforms it, and uploads the valid records as they come to the shard's part object and the
 * rejected ones (with the rules they broke) to its rejected part. Compressed, each part is one gzip
 * member. Re-running a shard rewrites the same keys, so it is idempotent.
 */
public final class ExecuteShard {
  private final SourceRows source;
  private final DatasetRegistry datasets;
  private final ObjectStore store;
  private final ExecutorService uploads;
  private final ShardProgress progress;
  private final int progressEvery;
  private final byte[] hashKey;
  private final long maxRowsPerSecond;

  public ExecuteShard(
      SourceRows source,
      DatasetRegistry datasets,
      ObjectStore store,
      ExecutorService uploads,
      ShardProgress progress,
      int progressEvery,
      byte[] hashKey,
      long maxRowsPerSecond) {
    this.source = source;
    this.datasets = datasets;
    this.store = store;
    this.uploads = uploads;
    this.progress = progress;
    this.progressEvery = progressEvery;
    this.hashKey = hashKey.clone();
    this.maxRowsPerSecond = maxRowsPerSecond;
  }

  /** What a finished shard wrote. */
  public record Result(
      String partKey,
      long records,
      long bytes,
      String sha256,
      ValidationSummary validation,
      QualitySummary quality) {}

  public Result run(ExportJob job, Shard shard, ShardLease.Keeper lease) throws IOException {
    ExportRequest request = job.config();
    Dataset dataset = datasets.get(shard.dataType());
    RecordValidator validator =
        new RecordValidator(RuleBook.rules(request.validationLevel(), dataset, job.createdAt()));
    QualityCounts quality = new QualityCounts();
    boolean unbounded = request.startDate() == null && request.endDate() == null;
    RowFilter filter =
        new RowFilter(
                dataset,
                shard.rangeStart(),
                shard.rangeEnd(),
                request.processes(),
                unbounded && shard.rangeEnd() == null)
            .withIdHighWater(shard.idHighWater());
    String partKey = ObjectKeys.part(job.id(), shard.dataType(), shard.seq(), shard.attempts());
    PartOutput data = new PartOutput(partKey, request.compression());
    PartOutput rejected =
        new PartOutput(
            ObjectKeys.rejectedPart(job.id(), shard.dataType(), shard.seq(), shard.attempts()),
            request.compression());
    try {
      long[] written = new long[1];
      Throttle throttle = new Throttle(maxRowsPerSecond);
      Encoders encoders = new Encoders();
      source.stream(
          filter,
          request.batchSize(),
          new SourceRows.RowSink() {
            @Override
            public void begin(SourceColumns columns) throws IOException {
              validator.bind(columns);
              encoders.pipeline =
                  TransformPipeline.compile(
                      columns, request.transformationsOf(dataset.name()), hashKey);
              encoders.data =
                  FileLayout.recordWriter(
                      request.outputFormat(), data.stream(), encoders.pipeline.output());
              quality.bind(encoders.pipeline.output().names());
            }

            @Override
            public void accept(Object[] row) throws IOException {
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
              encoders.data.write(out);
              quality.count(out);
              if (++written[0] % progressEvery == 0) {
                progress.report(job.id(), shard.id(), written[0]);
              }
            }
          });
      encoders.data.finish();
      StreamingUpload.Stored stored = data.finish();
      if (encoders.rejected != null) {
        encoders.rejected.finish();
        rejected.finish();
      }
      progress.report(job.id(), shard.id(), written[0]);
      return new Result(
          partKey,
          written[0],
          stored.bytes(),
          stored.sha256(),
          validator.counts().summary(),
          quality.summary());
    } catch (IOException | RuntimeException e) {
      data.abort(e);
      rejected.abort(e);
      throw e;
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
    private BufferedOutputStream buffered;
    private GZIPOutputStream compressed;

    PartOutput(String key, boolean gzip) {
      this.key = key;
      this.gzip = gzip;
    }

    OutputStream stream() throws IOException {
      if (upload == null) {
        upload = new StreamingUpload(store, key, "application/octet-stream", uploads);
        buffered = new BufferedOutputStream(upload, 64 * 1024);
        compressed = gzip ? new GZIPOutputStream(buffered, 64 * 1024) : null;
      }
      return compressed != null ? compressed : buffered;
    }

    StreamingUpload.Stored finish() throws IOException {
      stream();
      if (compressed != null) {
        compressed.finish();
      }
      buffered.flush();
      return upload.finish();
    }

    void abort(Exception reason) {
      if (upload != null) {
        upload.abort(reason);
      }
    }
  }
}
