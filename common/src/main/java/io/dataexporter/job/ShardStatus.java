package io.dataexporter.job;

import java.util.Locale;

/** Lifecycle of one shard: queued, claimed by a worker (running), then completed or failed. */
public enum ShardStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ShardStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
