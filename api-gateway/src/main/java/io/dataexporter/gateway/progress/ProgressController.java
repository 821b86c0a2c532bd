package io.dataexporter.gateway.progress;

import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.export.ExportAccess;
import io.dataexporter.gateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/export/{id}/progress} and its live stream, {@code /events}. */
@RestController
@Tag(name = "exports")
class ProgressController {
  private final ExportAccess access;
  private final ProgressReader progress;
  private final ProgressEvents events;

  ProgressController(ExportAccess access, ProgressReader progress, ProgressEvents events) {
    this.access = access;
    this.progress = progress;
    this.events = events;
  }

  /** Server-sent events: {@code event: progress} with the progress document, until the end. */
  @GetMapping(
      value = {"/api/v1/export/{id}/events", "/api/v1/export/{id}/events/"},
      produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      operationId = "exportEvents",
      summary = "Live progress as server-sent events",
      description =
          "Each event is named progress and carries the progress document as JSON; the stream"
              + " ends after the event of a finished export.")
  @ApiResponse(
      responseCode = "200",
      description = "A text/event-stream of progress events",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(implementation = ProgressView.class)))
  @ProblemResponses({401, 404, 429})
  SseEmitter events(@PathVariable String id) {
    return events.open(access.find(id), Caller.current().name());
  }

  @GetMapping({"/api/v1/export/{id}/progress", "/api/v1/export/{id}/progress/"})
  @Operation(operationId = "exportProgress", summary = "An export's live progress")
  @ProblemResponses({401, 404})
  ProgressView progress(@PathVariable String id) {
    return progress.read(access.find(id));
  }
}
