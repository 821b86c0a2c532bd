package io.dataexporter.gateway.web;

/** The request body is larger than {@code exporter.gateway.max-body-size}; maps to 413. */
public class PayloadTooLargeException extends java.io.IOException {
  public PayloadTooLargeException(String message) {
    super(message);
  }
}
