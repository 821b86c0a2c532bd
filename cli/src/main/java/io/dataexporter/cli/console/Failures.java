package io.dataexporter.cli.console;

import io.dataexporter.cli.api.ApiProblem;
import io.dataexporter.cli.api.StorageRefused;
import io.dataexporter.cli.api.Unreachable;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Turns what went wrong into a message on stderr and an exit code. */
public final class Failures {
  /** Problem members printed in the first line rather than one per line. */
  private static final Set<String> STANDARD =
      Set.of("type", "title", "status", "detail", "instance", "errors");

  private Failures() {}

  /** Reports {@code failure} on stderr and returns the exit code it stands for. */
  public static int report(Throwable failure, Session session) {
    PrintWriter err = session.err();
    int code;
    if (failure instanceof ApiProblem problem) {
      printProblem(problem, session);
      code = exitCode(problem);
    } else if (failure instanceof Unreachable) {
      err.println("error: " + failure.getMessage());
      code = Exit.UNREACHABLE;
    } else if (failure instanceof UsageProblem) {
      err.println("error: " + failure.getMessage());
      code = Exit.USAGE;
    } else if (failure instanceof StorageRefused || failure instanceof OperationFailed) {
      err.println("error: " + failure.getMessage());
      code = Exit.FAILED;
    } else {
      err.println("error: " + (failure.getMessage() == null ? failure : failure.getMessage()));
      code = Exit.FAILED;
    }
    err.flush();
    return code;
  }

  /** 400, 413, 415: usage; 401, 403: authentication; 502 to 504: unreachable; else failed. */
  public static int exitCode(ApiProblem problem) {
    return switch (problem.status()) {
      case 400, 413, 415 -> Exit.USAGE;
      case 401, 403 -> Exit.AUTH;
      case 502, 503, 504 -> Exit.UNREACHABLE;
      default -> Exit.FAILED;
    };
  }

  private static void printProblem(ApiProblem problem, Session session) {
    PrintWriter err = session.err();
    JsonNode document = problem.problem();
    if (session.json() && document != null) {
      err.println(session.mapper().writeValueAsString(document));
      return;
    }
    if (document == null) {
      err.println("error: " + problem.getMessage() + ": " + firstLine(problem.body()));
      return;
    }
    String title = document.path("title").asString("");
    String detail = document.path("detail").asString("");
    JsonNode errors = document.path("errors");
    if (errors.isArray() && !errors.isEmpty()) {
      // the detail repeats the fields' messages: one line per field reads better
      err.println("error: " + problem.status() + " " + title);
      for (JsonNode e : errors) {
        err.println("  " + e.path("field").asString("?") + ": " + e.path("message").asString(""));
      }
    } else {
      err.println(
          "error: " + problem.status() + " " + title + (detail.isEmpty() ? "" : ": " + detail));
    }
    for (Map.Entry<String, JsonNode> member : document.properties()) {
      if (!STANDARD.contains(member.getKey())) {
        JsonNode value = member.getValue();
        err.println("  " + member.getKey() + ": " + (value.isString() ? value.asString() : value));
      }
    }
    if (document.path("listing").isString()) {
      // e.g. 409: a data type of several files has no single download
      err.println("  to save every file: exporter-cli download ID DIR [--data-type TYPE]");
    }
    if (problem.retryAfter() != null) {
      err.println("  retry after: " + problem.retryAfter() + " s");
    }
    if (problem.status() == 401 && !session.hasToken()) {
      err.println("  no token given: pass --token or set EXPORTER_TOKEN");
    }
  }

  private static String firstLine(String body) {
    String text = body == null ? "" : body.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline) + " …";
  }
}
