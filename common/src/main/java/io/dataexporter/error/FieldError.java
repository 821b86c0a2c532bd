package io.dataexporter.error;

/** One problem with one request field, reported back to the client in the problem document. */
public record FieldError(String field, String message) {}
