package io.dataexporter.cli.api;

/** The connection to the server (or to the object store) failed or timed out. */
public final class Unreachable extends RuntimeException {
  public Unreachable(String message, Throwable cause) {
    super(message, cause);
  }
}
