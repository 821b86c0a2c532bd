package io.dataexporter.cli.console;

import io.dataexporter.cli.api.ExporterApi;
import java.io.PrintWriter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every command shares: the global options (server URL, token, {@code --json}), the API client
 * made from them, and the process's output streams.
 */
public final class Session {
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean errIsTerminal;
  private final JsonMapper mapper = JsonMapper.builder().build();
  private String url;
  private String token;
  private boolean json;
  private ExporterApi api;

  /**
   * @param errIsTerminal whether stderr is a terminal: progress is then a bar redrawn in place,
   *     otherwise one line per change
   */
  public Session(PrintWriter out, PrintWriter err, boolean errIsTerminal) {
    this.out = out;
    this.err = err;
    this.errIsTerminal = errIsTerminal;
  }

  public void url(String url) {
    this.url = url;
    this.api = null;
  }

  public void token(String token) {
    this.token = token;
    this.api = null;
  }

  public void json(boolean json) {
    this.json = json;
  }

  /** Whether the output is the server's JSON rather than text for people. */
  public boolean json() {
    return json;
  }

  public boolean hasToken() {
    return token != null && !token.isBlank();
  }

  /**
   * The API at the chosen URL with the chosen token.
   *
   * @throws UsageProblem when the URL is not an http(s) URL with a host
   */
  public ExporterApi api() {
    if (api == null) {
      try {
        api = new ExporterApi(url, token, mapper);
      } catch (IllegalArgumentException e) {
        throw new UsageProblem("--url: " + e.getMessage());
      }
    }
    return api;
  }

  public JsonMapper mapper() {
    return mapper;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  public boolean errIsTerminal() {
    return errIsTerminal;
  }

  /** Prints one JSON document on stdout, on one line. */
  public void printJson(JsonNode document) {
    out.println(mapper.writeValueAsString(document));
    out.flush();
  }
}
