package io.dataexporter.gateway.bulk;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/export/bulk}: cancel or delete up to 100 exports in one call. A malformed
 * body is a 400 and nothing is done; otherwise 200 with one result per export.
 */
@RestController
class BulkController {
  private final ApplyBulkAction bulk;

  BulkController(ApplyBulkAction bulk) {
    this.bulk = bulk;
  }

  @PostMapping({"/api/v1/export/bulk", "/api/v1/export/bulk/"})
  BulkResponse apply(@RequestBody BulkRequest request) {
    return bulk.apply(request.checked());
  }
}
