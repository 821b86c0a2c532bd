package io.dataexporter.storage;

/** The object store failed or refused an operation. */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
