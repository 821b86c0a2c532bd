package io.dataexporter.cli.console;

/** The command line asks for something impossible, found after parsing (exit code 2). */
public final class UsageProblem extends RuntimeException {
  public UsageProblem(String message) {
    super(message);
  }
}
