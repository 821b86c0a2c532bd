package io.dataexporter.cli.console;

/** The process exit codes, as docs/cli.md lists them. */
public final class Exit {
  /** The command did what it was asked. */
  public static final int OK = 0;

  /**
   * The export failed or was cancelled, or the operation failed for a reason other than the command
   * line, the token or the connection: 404, 409, 429 and 500 answers, a download that does not
   * match its listing.
   */
  public static final int FAILED = 1;

  /** The command line was wrong: a bad option, an unreadable file, or a 400, 413 or 415 answer. */
  public static final int USAGE = 2;

  /** No token, a wrong, expired or revoked one (401), or one without the right (403). */
  public static final int AUTH = 3;

  /**
   * The server could not be reached, or answered 502, 503 or 504 (a proxy, or a service it needs is
   * down).
   */
  public static final int UNREACHABLE = 4;

  private Exit() {}
}
