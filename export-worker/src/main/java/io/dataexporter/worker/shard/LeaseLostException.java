package io.dataexporter.worker.shard;

/**
 * Another attempt took the shard over (this one was presumed dead); this attempt's work is void.
 */
public class LeaseLostException extends RuntimeException {
  public LeaseLostException(String message) {
    super(message);
  }
}
