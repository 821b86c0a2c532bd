package io.dataexporter.error;

import java.util.List;

/** The caller is known but may not do this (e.g. a user asking for someone else's usage); 403. */
public class ForbiddenException extends RuntimeException {
  private final List<FieldError> errors;

  public ForbiddenException(String message, List<FieldError> errors) {
    super(message);
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
