package io.dataexporter.worker.source;

/** Reading the source database failed. */
public class SourceReadException extends RuntimeException {
  public SourceReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
