package io.dataexporter.gateway.export;

import io.dataexporter.error.NotFoundException;
import java.util.UUID;

/** Export ids in paths: anything that is not a UUID cannot name an export, so it is a 404. */
public final class ExportIds {
  private ExportIds() {}

  public static UUID parse(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("export " + id + " not found");
    }
  }
}
