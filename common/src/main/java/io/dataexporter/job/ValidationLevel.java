package io.dataexporter.job;

/** How strictly records are checked before they are written. */
public enum ValidationLevel {
  NONE,
  BASIC,
  STRICT
}
