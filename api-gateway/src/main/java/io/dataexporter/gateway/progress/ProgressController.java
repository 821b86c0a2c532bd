package io.dataexporter.gateway.progress;

import io.dataexporter.gateway.export.ExportAccess;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/export/{id}/progress}. */
@RestController
class ProgressController {
  private final ExportAccess access;
  private final ProgressReader progress;

  ProgressController(ExportAccess access, ProgressReader progress) {
    this.access = access;
    this.progress = progress;
  }

  @GetMapping({"/api/v1/export/{id}/progress", "/api/v1/export/{id}/progress/"})
  Map<String, Object> progress(@PathVariable String id) {
    return progress.read(access.find(id));
  }
}
