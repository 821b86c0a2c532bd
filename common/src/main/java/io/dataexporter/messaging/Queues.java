package io.dataexporter.messaging;

/**
 * Exchange and queue names, all under one prefix ({@code exporter.messaging.prefix}, default {@code
 * exporter}) so that several deployments (or a test run next to a local system) can share one
 * broker. All queues are durable quorum queues bound to one direct exchange; the routing key is the
 * queue name. Deliveries past the delivery limit go to the dead-letter queue.
 *
 * @param prefix name of the exchange and prefix of every queue
 */
public record Queues(String prefix) {
  /** Property placeholders for listener annotations; they must match the names built here. */
  public static final String EXPORT_REQUESTS_PLACEHOLDER =
      "${exporter.messaging.prefix:exporter}.export-requests";

  public static final String SHARD_TASKS_PLACEHOLDER =
      "${exporter.messaging.prefix:exporter}.shard-tasks";
  public static final String FINALIZE_PLACEHOLDER =
      "${exporter.messaging.prefix:exporter}.finalize";

  public String exchange() {
    return prefix;
  }

  public String deadLetterExchange() {
    return prefix + ".dlx";
  }

  /** {@link ExportRequested}: a new job to plan. */
  public String exportRequests() {
    return prefix + ".export-requests";
  }

  /** {@link ShardTask}: one shard to execute. */
  public String shardTasks() {
    return prefix + ".shard-tasks";
  }

  /** {@link FinalizeExport}: every shard is done; assemble the files. */
  public String finalizeExports() {
    return prefix + ".finalize";
  }

  public String deadLetters() {
    return prefix + ".dead-letters";
  }
}
