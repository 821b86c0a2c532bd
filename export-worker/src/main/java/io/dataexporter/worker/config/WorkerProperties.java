package io.dataexporter.worker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker behaviour.
 *
 * @param id name this worker records on the shards it runs (default: host name and pid)
 * @param shardTargetRows rows a shard should hold; a dataset with more gets several shards
 * @param shardConcurrency shards this process executes at once
 * @param progressEvery records between two progress updates in Redis
 * @param maxAttempts attempts of one shard (or plan, or finalize) before the export fails
 * @param retention age after which the daily cleanup removes an export
 * @param progressTtl how long live progress counters stay in Redis
 */
@ConfigurationProperties("exporter.worker")
public record WorkerProperties(
    String id,
    @DefaultValue("100000") long shardTargetRows,
    @DefaultValue("1") int shardConcurrency,
    @DefaultValue("5000") int progressEvery,
    @DefaultValue("3") int maxAttempts,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("7d") Duration progressTtl) {

  public WorkerProperties {
    if (id == null || id.isBlank()) {
      id = defaultId();
    }
    if (shardTargetRows < 1 || maxAttempts < 1 || progressEvery < 1) {
      throw new IllegalArgumentException(
          "exporter.worker: shard-target-rows, max-attempts and progress-every must be positive");
    }
  }

  private static String defaultId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      host = "worker";
    }
    return host + "-" + ProcessHandle.current().pid();
  }
}
