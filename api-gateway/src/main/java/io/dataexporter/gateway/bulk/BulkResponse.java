package io.dataexporter.gateway.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The answer to a bulk request: one result per distinct id, in the order they were given.
 *
 * @param action the action that was applied
 * @param results what happened to each export
 * @param succeeded how many exports were cancelled or deleted
 * @param failed how many were not (not found, conflict, error)
 */
@Schema(
    name = "BulkResponse",
    requiredProperties = {"action", "results", "succeeded", "failed"})
public record BulkResponse(
    @Schema(allowableValues = {"cancel", "delete"}) String action,
    List<Item> results,
    int succeeded,
    int failed) {

  static BulkResponse of(BulkAction action, List<Item> results) {
    int succeeded = (int) results.stream().filter(Item::succeeded).count();
    return new BulkResponse(action.wire(), results, succeeded, results.size() - succeeded);
  }

  /**
   * What happened to one export.
   *
   * @param exportId the export
   * @param outcome {@code cancelled}, {@code deleted}, {@code not_found}, {@code conflict} or
   *     {@code error}
   * @param status the HTTP status the single-export route would have answered
   * @param detail why it failed; absent on success
   * @param freedBytes bytes of stored objects removed (delete only)
   */
  @Schema(
      name = "BulkResult",
      requiredProperties = {"export_id", "outcome", "status"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(
      @JsonProperty("export_id") String exportId,
      @Schema(allowableValues = {"cancelled", "deleted", "not_found", "conflict", "error"})
          String outcome,
      @Schema(description = "The status the single-export route would have answered") int status,
      @Schema(description = "Why it failed; absent on success") String detail,
      @JsonProperty("freed_bytes") @Schema(description = "Bytes removed (deletes only)")
          Long freedBytes) {
    boolean succeeded() {
      return status == 200;
    }
  }
}
