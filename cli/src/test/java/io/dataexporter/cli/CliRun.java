package io.dataexporter.cli;

import io.dataexporter.cli.console.Session;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in this JVM, capturing stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
  static CliRun run(String... args) {
    return run(false, args);
  }

  /** As if stderr were a terminal: progress is drawn as a bar. */
  static CliRun runOnTerminal(String... args) {
    return run(true, args);
  }

  private static CliRun run(boolean terminal, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true), terminal);
    int code = ExporterCli.run(session, args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
