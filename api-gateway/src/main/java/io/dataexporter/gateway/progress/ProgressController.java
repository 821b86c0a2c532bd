package io.dataexporter.gateway.progress;

import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.gateway.export.ExportAccess;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/export/{id}/progress}. */
@RestController
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
  SseEmitter events(@PathVariable String id) {
    return events.open(access.find(id), Caller.current().name());
  }

  @GetMapping({"/api/v1/export/{id}/progress", "/api/v1/export/{id}/progress/"})
  Map<String, Object> progress(@PathVariable String id) {
    return progress.read(access.find(id));
  }
}
