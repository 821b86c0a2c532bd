package io.dataexporter.error;

/** The addressed export (or file) does not exist; maps to 404. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
