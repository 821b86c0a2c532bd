package io.dataexporter.error;

import java.util.List;

/** The client sent something malformed; maps to 400 with every offending field named. */
public class InvalidRequestException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidRequestException(List<FieldError> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public InvalidRequestException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }

  private static String summary(List<FieldError> errors) {
    return errors.stream()
        .map(e -> e.field() + ": " + e.message())
        .reduce((a, b) -> a + "; " + b)
        .orElse("invalid request");
  }
}
