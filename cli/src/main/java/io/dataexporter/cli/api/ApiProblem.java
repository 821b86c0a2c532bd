package io.dataexporter.cli.api;

import tools.jackson.databind.JsonNode;

/**
 * An error answer from the server. {@code problem} is its RFC 9457 problem document, or null when
 * the body was not JSON (a proxy's error page, say); {@code body} is the raw text either way.
 */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final JsonNode problem;
  private final String body;
  private final String retryAfter;

  public ApiProblem(String request, int status, JsonNode problem, String body, String retryAfter) {
    super(request + " -> " + status);
    this.status = status;
    this.problem = problem;
    this.body = body;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  /** The problem document, or null when the answer had none. */
  public JsonNode problem() {
    return problem;
  }

  public String body() {
    return body;
  }

  /** The Retry-After header of a 429, or null. */
  public String retryAfter() {
    return retryAfter;
  }
}
