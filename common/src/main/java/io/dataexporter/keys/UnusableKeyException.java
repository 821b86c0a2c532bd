package io.dataexporter.keys;

/** A public key that cannot be stored or encrypted to; the message says why, for its owner. */
public class UnusableKeyException extends RuntimeException {
  public UnusableKeyException(String message) {
    super(message);
  }

  public UnusableKeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
