package io.dataexporter.cli.export;

import io.dataexporter.cli.api.ApiProblem;
import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.api.ServerSentEvents;
import io.dataexporter.cli.api.Unreachable;
import io.dataexporter.cli.console.Text;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows an export to its final status: through the server-sent events stream while it lasts, then
 * (when the stream is refused, breaks off or ends early) by polling {@code /progress}.
 */
public final class FollowProgress {
  /** The statuses an export never leaves. */
  public static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");

  private final ExporterApi api;
  private final JsonMapper json;
  private final ProgressDisplay display;
  private final Duration pollEvery;
  private String status;

  FollowProgress(ExporterApi api, JsonMapper json, ProgressDisplay display, Duration pollEvery) {
    this.api = api;
    this.json = json;
    this.display = display;
    this.pollEvery = pollEvery;
  }

  /** Returns the export's final status: completed, failed or cancelled. */
  String follow(String exportId) {
    try (Stream<String> lines = api.events(exportId)) {
      ServerSentEvents.read(
          lines,
          event -> {
            if (event.name().equals("progress")) {
              show(json.readTree(event.data()));
            }
          });
    } catch (ApiProblem problem) {
      if (problem.status() == 401 || problem.status() == 403 || problem.status() == 404) {
        throw problem;
      }
      display.note(
          "live progress unavailable (" + problem.status() + "); polling every " + seconds());
    } catch (Unreachable | UncheckedIOException broken) {
      display.note("live progress broke off; polling every " + seconds());
    }
    while (status == null || !FINAL.contains(status)) {
      sleep();
      show(api.get("/" + ExporterApi.segment(exportId) + "/progress"));
    }
    display.finish();
    return status;
  }

  private void show(JsonNode progress) {
    status = Text.field(progress, "status");
    display.show(progress);
  }

  private String seconds() {
    return pollEvery.toMillis() / 1000.0 + " s";
  }

  private void sleep() {
    try {
      Thread.sleep(pollEvery.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted while waiting for the export", e);
    }
  }
}
