package io.dataexporter.gateway.bulk;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The answer to a bulk request: one result per distinct id, in the order they were given.
 *
 * @param action the action that was applied
 * @param results what happened to each export
 * @param succeeded how many exports were cancelled or deleted
 * @param failed how many were not (not found, conflict, error)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BulkResponse(String action, List<Item> results, int succeeded, int failed) {

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
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Item(String exportId, String outcome, int status, String detail, Long freedBytes) {
    boolean succeeded() {
      return status == 200;
    }
  }
}
