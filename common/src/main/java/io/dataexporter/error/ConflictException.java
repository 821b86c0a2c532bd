package io.dataexporter.error;

import java.util.Map;

/**
 * The request is valid but the export is not in a state that allows it; maps to 409.
 *
 * <p>{@link #members()} are extra members of the problem document, e.g. the route that answers
 * instead ({@code listing}).
 */
public class ConflictException extends RuntimeException {
  private final Map<String, Object> members;

  public ConflictException(String message) {
    this(message, Map.of());
  }

  public ConflictException(String message, Map<String, Object> members) {
    super(message);
    this.members = Map.copyOf(members);
  }

  public Map<String, Object> members() {
    return members;
  }
}
