package io.dataexporter.progress;

import java.util.UUID;

/**
 * Redis keys for live progress. Workers set, per shard, the number of records written so far (a
 * set, not an increment, so a re-run shard never double counts); the gateway sums them. Postgres
 * stays the truth: these counters are only for the live view and expire.
 */
public final class ProgressKeys {
  private ProgressKeys() {}

  /** Hash: field = shard id, value = records written so far by its current attempt. */
  public static String shardRecords(UUID exportId) {
    return "exporter:progress:" + exportId + ":shards";
  }

  /**
   * Pub/sub channel on which workers (and the gateway) announce that an export's progress or status
   * changed; the message is the export id. The gateway turns it into server-sent events.
   */
  public static final String EVENTS_CHANNEL = "exporter:events";

  /** String: the highest percent reported so far, so the reported percent never goes back. */
  public static String percentHighWater(UUID exportId) {
    return "exporter:progress:" + exportId + ":percent";
  }
}
