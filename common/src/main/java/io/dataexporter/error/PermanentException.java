package io.dataexporter.error;

/**
 * A failure that retrying cannot mend (a transformation that does not fit the data, a column that
 * does not exist, a value that cannot be written): the work fails at once, without retries.
 */
public class PermanentException extends RuntimeException {
  public PermanentException(String message) {
    super(message);
  }

  public PermanentException(String message, Throwable cause) {
    super(message, cause);
  }
}
