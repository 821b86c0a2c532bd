package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.Shard;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.progress.ShardProgress;
import io.dataexporter.worker.source.RowFilter;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceRows;
import io.dataexporter.worker.storage.StreamingUpload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPOutputStream;

/**
 * Writes one shard: streams its rows from the source, checks and encodes them, and uploads the
 * bytes as they come to the shard's part object (one gzip member when compressed). Re-running a
 * shard rewrites the same key, so it is idempotent.
 */
public final class ExecuteShard {
  private final SourceRows source;
  private final DatasetRegistry datasets;
  private final ObjectStore store;
  private final ExecutorService uploads;
  private final ShardProgress progress;
  private final int progressEvery;

  public ExecuteShard(
      SourceRows source,
      DatasetRegistry datasets,
      ObjectStore store,
      ExecutorService uploads,
      ShardProgress progress,
      int progressEvery) {
    this.source = source;
    this.datasets = datasets;
    this.store = store;
    this.uploads = uploads;
    this.progress = progress;
    this.progressEvery = progressEvery;
  }

  /** What a finished shard wrote. */
  public record Result(long records, long rejected, long bytes, String sha256) {}

  public Result run(ExportJob job, Shard shard) throws IOException {
    ExportRequest request = job.config();
    Dataset dataset = datasets.get(shard.dataType());
    RecordCheck check = RecordCheck.forLevel(request.validationLevel(), dataset);
    RowFilter filter =
        new RowFilter(dataset, shard.rangeStart(), shard.rangeEnd(), request.processes());
    StreamingUpload upload =
        new StreamingUpload(store, shard.partKey(), "application/octet-stream", uploads);
    try {
      OutputStream buffered = new BufferedOutputStream(upload, 64 * 1024);
      GZIPOutputStream gzip =
          request.compression() ? new GZIPOutputStream(buffered, 64 * 1024) : null;
      OutputStream out = gzip != null ? gzip : buffered;
      long[] counts = new long[2];
      RecordWriter[] writer = new RecordWriter[1];
      source.stream(
          filter,
          request.batchSize(),
          new SourceRows.RowSink() {
            @Override
            public void begin(SourceColumns columns) throws IOException {
              writer[0] = FileLayout.recordWriter(request.outputFormat(), out, columns);
              check.bind(columns);
            }

            @Override
            public void accept(Object[] row) throws IOException {
              if (!check.passes(row)) {
                counts[1]++;
                return;
              }
              writer[0].write(row);
              if (++counts[0] % progressEvery == 0) {
                progress.report(job.id(), shard.id(), counts[0]);
              }
            }
          });
      writer[0].finish();
      if (gzip != null) {
        gzip.finish();
      }
      buffered.flush();
      StreamingUpload.Stored stored = upload.finish();
      progress.report(job.id(), shard.id(), counts[0]);
      return new Result(counts[0], counts[1], stored.bytes(), stored.sha256());
    } catch (IOException | RuntimeException e) {
      upload.abort(e);
      throw e;
    }
  }
}
