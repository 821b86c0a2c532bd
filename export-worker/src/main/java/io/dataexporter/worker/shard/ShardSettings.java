package io.dataexporter.worker.shard;

import io.dataexporter.error.RetryPolicy;
import io.dataexporter.worker.format.ParquetSettings;

/**
 * How this worker runs shards (from {@code exporter.worker.*}).
 *
 * @param workerId name recorded on the shards this worker claims
 * @param retry when a failing shard stops being retried (a permanent error fails it at once)
 * @param progressEvery records between two progress reports
 * @param hashKey key of the {@code hash} transformation
 * @param maxRowsPerSecond cap on the rows one shard reads per second (0 = none)
 * @param copyFastPath whether CSV shards may be written by PostgreSQL's {@code COPY} where that
 *     gives the same bytes
 * @param parquet row group and page sizes of Parquet files
 */
public record ShardSettings(
    String workerId,
    RetryPolicy retry,
    int progressEvery,
    byte[] hashKey,
    long maxRowsPerSecond,
    boolean copyFastPath,
    ParquetSettings parquet) {

  public ShardSettings {
    hashKey = hashKey.clone();
  }

  @Override
  public byte[] hashKey() {
    return hashKey.clone();
  }
}
