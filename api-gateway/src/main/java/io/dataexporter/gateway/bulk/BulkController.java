package io.dataexporter.gateway.bulk;

import io.dataexporter.gateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/export/bulk}: cancel or delete up to 100 exports in one call. A malformed
 * body is a 400 and nothing is done; otherwise 200 with one result per export.
 */
@RestController
@Tag(name = "exports")
class BulkController {
  private final ApplyBulkAction bulk;

  BulkController(ApplyBulkAction bulk) {
    this.bulk = bulk;
  }

  @PostMapping({"/api/v1/export/bulk", "/api/v1/export/bulk/"})
  @Operation(
      operationId = "bulkExports",
      summary = "Cancel or delete many exports at once",
      description =
          "Each export is handled on its own, exactly as its single route would (someone else's"
              + " export is not_found); the answer has one result per distinct id, in the order"
              + " given. A bad body is a 400 and nothing is done.")
  @ProblemResponses({400, 401, 413, 415})
  BulkResponse apply(@RequestBody BulkRequest request) {
    return bulk.apply(request.checked());
  }
}
