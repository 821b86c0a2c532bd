package io.dataexporter.worker.shard;

/** The shard's export was cancelled (or failed) while the shard ran; it stops without a result. */
public class ShardCancelledException extends RuntimeException {
  public ShardCancelledException(String message) {
    super(message);
  }
}
