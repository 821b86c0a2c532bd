package io.dataexporter.error;

/** A failure worth retrying (a service briefly unreachable); workers requeue the task. */
public class TransientException extends RuntimeException {
  public TransientException(String message, Throwable cause) {
    super(message, cause);
  }
}
