package io.dataexporter.gateway.progress;

import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.export.ExportIds;
import io.dataexporter.job.ExportJobRepository;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/export/{id}/progress}. */
@RestController
class ProgressController {
  private final ExportJobRepository jobs;
  private final ProgressReader progress;

  ProgressController(ExportJobRepository jobs, ProgressReader progress) {
    this.jobs = jobs;
    this.progress = progress;
  }

  @GetMapping({"/api/v1/export/{id}/progress", "/api/v1/export/{id}/progress/"})
  Map<String, Object> progress(@PathVariable String id) {
    return progress.read(
        jobs.find(ExportIds.parse(id))
            .orElseThrow(() -> new NotFoundException("export " + id + " not found")));
  }
}
