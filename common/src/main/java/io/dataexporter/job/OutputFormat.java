package io.dataexporter.job;

import java.util.Locale;

/** File formats an export can be written in; the wire name is also the file extension. */
public enum OutputFormat {
  JSON,
  JSONL,
  CSV,
  /** Typed columns; a type's output is a set of files (Parquet files cannot be joined). */
  PARQUET;

  public String extension() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String contentType() {
    return switch (this) {
      case JSON -> "application/json";
      case JSONL -> "application/x-ndjson";
      case CSV -> "text/csv";
      case PARQUET -> "application/vnd.apache.parquet";
    };
  }
}
