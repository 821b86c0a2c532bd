package io.dataexporter.cli.console;

/** The operation ran but did not succeed, e.g. a download that does not match its listing. */
public final class OperationFailed extends RuntimeException {
  public OperationFailed(String message) {
    super(message);
  }
}
