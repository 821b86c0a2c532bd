package io.dataexporter.messaging;

/**
 * Exchange and queue names. All queues are durable quorum queues bound to one direct exchange;
 * the routing key is the queue name. Failed deliveries past the delivery limit go to the
 * dead-letter queue.
 */
public final class Queues {
  public static final String EXCHANGE = "exporter";
  public static final String DEAD_LETTER_EXCHANGE = "exporter.dlx";
  /** {@link ExportRequested}: a new job to plan. */
  public static final String EXPORT_REQUESTS = "exporter.export-requests";
  /** {@link ShardTask}: one shard to execute. */
  public static final String SHARD_TASKS = "exporter.shard-tasks";
  /** {@link FinalizeExport}: every shard is done; assemble the files. */
  public static final String FINALIZE = "exporter.finalize";
  public static final String DEAD_LETTERS = "exporter.dead-letters";

  private Queues() {}
}
