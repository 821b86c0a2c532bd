package io.dataexporter.worker.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Worker behaviour.
 *
 * @param id name this worker records on the shards it runs (default: host name and pid)
 * @param shardTargetRows rows a shard should hold; a dataset with more gets several shards
 * @param shardConcurrency shards this process executes at once (two by default: while one waits for
 *     the database or the store, the other compresses)
 * @param progressEvery records between two progress updates in Redis
 * @param maxAttempts attempts at one shard, at planning or at finalizing an export (counted in the
 *     database, in-worker retries included) before the export fails; a permanent error (see {@code
 *     FailureKind}) fails it at the first
 * @param retention age after which the daily cleanup removes an export
 * @param progressTtl how long live progress counters stay in Redis
 * @param hashSecret key of the {@code hash} transformation's HMAC-SHA-256; set it in production
 *     (the same value on every worker, kept secret) so tokens are stable and not reversible
 * @param maxRejectedShare an export whose rejected share of any data type exceeds this fails
 *     (0..1); unset = never
 * @param leaseDuration how long a shard stays a worker's without progress; then it is taken over
 * @param leaseRenewEvery how often a progressing shard renews its lease (and checks for cancel)
 * @param finalizeTimeout an export finalizing longer than this is finalized again by another worker
 *     (its finalizer is presumed dead)
 * @param unfinalizedGrace an export whose shards are all done but which is not finalizing after
 *     this long is handed to finalization again
 * @param maxRowsPerSecond cap on the rows one shard reads per second, to spare the source database
 *     (0 = no cap)
 * @param copyFastPath let PostgreSQL write CSV records itself ({@code COPY ... TO STDOUT}) where
 *     that gives the same bytes: no transformations, and validation expressible in SQL
 * @param compressionLevel gzip level 1 (fastest) to 9 (smallest) when a request names none; 6 is
 *     gzip's own default
 * @param gzipEngine {@code auto} (libdeflate when the system library is installed, else zlib),
 *     {@code libdeflate} (required: startup fails without it) or {@code zlib} (the JDK's)
 * @param zstdLevel zstd level 1 (fastest) to 19 (smallest) when a request names none; 3 is zstd's
 *     own default
 */
@ConfigurationProperties("exporter.worker")
public record WorkerProperties(
    String id,
    @DefaultValue("100000") long shardTargetRows,
    @DefaultValue("2") int shardConcurrency,
    @DefaultValue("5000") int progressEvery,
    @DefaultValue("6") int maxAttempts,
    @DefaultValue("7d") Duration retention,
    @DefaultValue("7d") Duration progressTtl,
    @DefaultValue(DEFAULT_HASH_SECRET) String hashSecret,
    Double maxRejectedShare,
    @DefaultValue("2m") Duration leaseDuration,
    @DefaultValue("20s") Duration leaseRenewEvery,
    @DefaultValue("10m") Duration finalizeTimeout,
    @DefaultValue("30s") Duration unfinalizedGrace,
    @DefaultValue("0") long maxRowsPerSecond,
    @DefaultValue("true") boolean copyFastPath,
    @DefaultValue("6") int compressionLevel,
    @DefaultValue("auto") String gzipEngine,
    @DefaultValue("3") int zstdLevel) {

  /** Only for trying things out; a warning is logged while it is in use. */
  public static final String DEFAULT_HASH_SECRET = "change-me-data-exporter-hash-secret";

  public WorkerProperties {
    if (id == null || id.isBlank()) {
      id = defaultId();
    }
    if (maxRejectedShare != null && (maxRejectedShare < 0 || maxRejectedShare > 1)) {
      throw new IllegalArgumentException("exporter.worker.max-rejected-share must be within 0..1");
    }
    if (hashSecret == null || hashSecret.isBlank()) {
      throw new IllegalArgumentException("exporter.worker.hash-secret must not be empty");
    }
    if (leaseRenewEvery.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "exporter.worker.lease-renew-every must be shorter than lease-duration");
    }
    if (shardTargetRows < 1 || maxAttempts < 1 || progressEvery < 1) {
      throw new IllegalArgumentException(
          "exporter.worker: shard-target-rows, max-attempts and progress-every must be positive");
    }
    if (compressionLevel < 1 || compressionLevel > 9) {
      throw new IllegalArgumentException("exporter.worker.compression-level must be 1 to 9");
    }
    if (zstdLevel < 1 || zstdLevel > 19) {
      throw new IllegalArgumentException("exporter.worker.zstd-level must be 1 to 19");
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
