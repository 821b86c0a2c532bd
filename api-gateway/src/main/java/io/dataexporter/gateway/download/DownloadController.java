package io.dataexporter.gateway.download;

import io.dataexporter.error.NotFoundException;
import io.dataexporter.gateway.export.ExportIds;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/export/download/{id}}: presigned URLs for every file; with {@code ?data_type=}
 * a redirect to that file. The bytes never pass through the gateway.
 */
@RestController
class DownloadController {
  private final ExportJobRepository jobs;
  private final PresignedDownloads downloads;

  DownloadController(ExportJobRepository jobs, PresignedDownloads downloads) {
    this.jobs = jobs;
    this.downloads = downloads;
  }

  @GetMapping({"/api/v1/export/download/{id}", "/api/v1/export/download/{id}/"})
  ResponseEntity<?> download(
      @PathVariable String id,
      @RequestParam(name = "data_type", required = false) String dataType) {
    ExportJob job =
        jobs.find(ExportIds.parse(id))
            .orElseThrow(() -> new NotFoundException("export " + id + " not found"));
    if (dataType == null) {
      return ResponseEntity.ok(downloads.listing(job));
    }
    return ResponseEntity.status(HttpStatus.FOUND)
        .location(URI.create(downloads.urlFor(job, dataType)))
        .build();
  }
}
