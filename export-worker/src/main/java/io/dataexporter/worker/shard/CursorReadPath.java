package io.dataexporter.worker.shard;

import io.dataexporter.dataset.RowFilter;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.JsonRecordWriter;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceRows;
import io.dataexporter.worker.transform.TransformPipeline;
import java.io.IOException;
import java.util.List;

/**
 * The general read path: rows from a server-side cursor, each through validation, the export's
 * transformations and the format's writer; rows that break a rule go to the rejected part with the
 * rules they broke.
 */
final class CursorReadPath {
  private final SourceRows source;
  private final byte[] hashKey;

  CursorReadPath(SourceRows source, byte[] hashKey) {
    this.source = source;
    this.hashKey = hashKey.clone();
  }

  void read(ShardAttempt attempt, RowFilter filter, List<String> snapshot) {
    source.stream(filter, null, attempt.request.batchSize(), snapshot, sink(attempt, false));
  }

  /**
   * @param replay the rows are those the COPY path flagged as failing validation: each must fail it
   *     here too
   */
  SourceRows.RowSink sink(ShardAttempt attempt, boolean replay) {
    return new SourceRows.RowSink() {
      @Override
      public void begin(SourceColumns columns) throws IOException {
        attempt.validator.bind(columns);
        attempt.pipeline =
            TransformPipeline.compile(
                columns, attempt.request.transformationsOf(attempt.dataset.name()), hashKey);
        if (replay) {
          // every replayed row goes to the rejected part: no data writer
          return;
        }
        attempt.quality.bind(attempt.pipeline.output());
        if (attempt.pieces != null) {
          attempt.bindPartitions(columns);
          SourceColumns output = attempt.pipeline.output();
          attempt.pieces.writers(
              out ->
                  FileLayout.recordWriter(
                      attempt.request.outputFormat(),
                      out,
                      output,
                      attempt.request.csvEscapeFormulas(),
                      attempt.parquet));
        } else {
          attempt.dataWriter =
              FileLayout.recordWriter(
                  attempt.request.outputFormat(),
                  attempt.data.stream(),
                  attempt.pipeline.output(),
                  attempt.request.csvEscapeFormulas(),
                  attempt.parquet);
        }
      }

      @Override
      public void accept(Object[] row) throws IOException {
        long t0 = System.nanoTime();
        try {
          write(row);
        } finally {
          attempt.inSinkSince(t0);
        }
      }

      private void write(Object[] row) throws IOException {
        attempt.beforeRow();
        List<String> broken = attempt.validator.check(row);
        Object[] out = attempt.pipeline.apply(row);
        if (!broken.isEmpty()) {
          if (attempt.rejectedWriter == null) {
            attempt.rejectedWriter =
                new JsonRecordWriter(attempt.rejected.stream(), attempt.pipeline.output(), true);
          }
          attempt.rejectedWriter.writeRejected(out, broken);
          return;
        }
        if (replay) {
          throw new IllegalStateException(
              "a row the SQL validation flagged passes the Java rules: they disagree");
        }
        if (attempt.pieces != null) {
          attempt.pieces.write(attempt.partitionOf(row), out);
        } else {
          attempt.dataWriter.write(out);
        }
        attempt.quality.count(out);
        attempt.recordWritten();
      }
    };
  }
}
