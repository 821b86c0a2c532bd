package io.dataexporter.error;

/** The request is valid but the export is not in a state that allows it; maps to 409. */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
