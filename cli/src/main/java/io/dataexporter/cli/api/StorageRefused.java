package io.dataexporter.cli.api;

/** The object store refused a presigned GET (an expired or tampered URL answers 403). */
public final class StorageRefused extends RuntimeException {
  public StorageRefused(String host, int status, String body) {
    super("the object store at " + host + " answered " + status + ": " + body.strip());
  }
}
