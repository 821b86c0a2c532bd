package io.dataexporter.error;

/** A status change that the state model does not allow. */
public class IllegalTransitionException extends RuntimeException {
  public IllegalTransitionException(String message) {
    super(message);
  }
}
