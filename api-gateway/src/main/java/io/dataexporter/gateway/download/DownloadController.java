package io.dataexporter.gateway.download;

import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.export.ExportAccess;
import io.dataexporter.gateway.web.ProblemResponses;
import io.dataexporter.job.ExportJob;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "exports")
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
  @Operation(
      operationId = "downloadExport",
      summary = "Presigned URLs of a completed export's files",
      description =
          "Without data_type: the listing (every file with its path, split and partition, and"
              + " the data card's and schema's URLs). With data_type: a redirect to that type's"
              + " data file when it is one file; a type written as several files is a 409 whose"
              + " listing member is this route without data_type.")
  @ApiResponse(responseCode = "200", description = "The files, each with a presigned URL")
  @ApiResponse(
      responseCode = "302",
      description = "With data_type: Location is the presigned URL of that data file",
      headers = @Header(name = "Location", schema = @Schema(type = "string", format = "uri")),
      content = @Content)
  @ProblemResponses({401, 404, 409})
  ResponseEntity<DownloadListing> download(
      @PathVariable String id,
      @Parameter(description = "a data type of the export: redirect to its data file")
          @RequestParam(name = "data_type", required = false)
          String dataType) {
    ExportJob job = access.find(id);
    if (dataType == null) {
      ResponseEntity<DownloadListing> listing = ResponseEntity.ok(downloads.listing(job));
      audit.record("download_signed", id, "all files");
      return listing;
    }
    URI url = URI.create(downloads.urlFor(job, dataType));
    audit.record("download_signed", id, dataType);
    return ResponseEntity.status(HttpStatus.FOUND).location(url).build();
  }
}
