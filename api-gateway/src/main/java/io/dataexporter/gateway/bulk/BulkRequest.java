package io.dataexporter.gateway.bulk;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/export/bulk}.
 *
 * @param action {@code cancel} or {@code delete}
 * @param exportIds 1 to {@value #MAX_IDS} export ids; a repeated id is acted on (and answered) once
 */
@Schema(name = "BulkRequest", description = "Cancel or delete many exports in one call")
public record BulkRequest(
    @Schema(
            allowableValues = {"cancel", "delete"},
            requiredMode = Schema.RequiredMode.REQUIRED)
        String action,
    @JsonProperty("export_ids")
        @ArraySchema(
            minItems = 1,
            maxItems = MAX_IDS,
            arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED),
            schema = @Schema(format = "uuid"))
        List<String> exportIds) {
  public static final int MAX_IDS = 100;

  /** The checked command; every problem with the body is reported at once, as a 400. */
  BulkCommand checked() {
    List<FieldError> errors = new ArrayList<>();
    BulkAction parsed = BulkAction.parse(action);
    if (parsed == null) {
      errors.add(new FieldError("action", "must be one of " + BulkAction.names()));
    }
    Set<UUID> ids = new LinkedHashSet<>();
    if (exportIds == null || exportIds.isEmpty() || exportIds.size() > MAX_IDS) {
      errors.add(new FieldError("export_ids", "must list 1 to " + MAX_IDS + " export ids"));
    } else {
      for (int i = 0; i < exportIds.size(); i++) {
        UUID id = uuid(exportIds.get(i));
        if (id == null) {
          errors.add(new FieldError("export_ids[" + i + "]", "must be an export id (a UUID)"));
        } else {
          ids.add(id);
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return new BulkCommand(parsed, List.copyOf(ids));
  }

  private static UUID uuid(String text) {
    if (text == null || text.length() != 36) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A checked bulk request: what to do to which distinct exports, in the order given. */
  record BulkCommand(BulkAction action, List<UUID> exportIds) {}
}
