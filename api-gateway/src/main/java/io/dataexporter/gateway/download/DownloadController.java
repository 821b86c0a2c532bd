package io.dataexporter.gateway.download;

import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.export.ExportAccess;
import io.dataexporter.job.ExportJob;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/export/download/{id}}: presigned URLs for every file; with {@code ?data_type=}
 * a redirect to that file. Only the owner (or an admin) gets URLs, and every signing is audited.
 * The bytes never pass through the gateway.
 */
@RestController
class DownloadController {
  private final ExportAccess access;
  private final PresignedDownloads downloads;
  private final AuditTrail audit;

  DownloadController(ExportAccess access, PresignedDownloads downloads, AuditTrail audit) {
    this.access = access;
    this.downloads = downloads;
    this.audit = audit;
  }

  @GetMapping({"/api/v1/export/download/{id}", "/api/v1/export/download/{id}/"})
  ResponseEntity<?> download(
      @PathVariable String id,
      @RequestParam(name = "data_type", required = false) String dataType) {
    ExportJob job = access.find(id);
    if (dataType == null) {
      ResponseEntity<?> listing = ResponseEntity.ok(downloads.listing(job));
      audit.record("download_signed", id, "all files");
      return listing;
    }
    URI url = URI.create(downloads.urlFor(job, dataType));
    audit.record("download_signed", id, dataType);
    return ResponseEntity.status(HttpStatus.FOUND).location(url).build();
  }
}
