package io.dataexporter.worker.config;

import com.zaxxer.hikari.HikariDataSource;
import io.dataexporter.audit.AuditLog;
import io.dataexporter.config.CommonConfiguration;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.error.RetryPolicy;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.keys.RecipientKeys;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.RequestPlanning;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.assemble.AssembleFiles;
import io.dataexporter.worker.assemble.CardProperties;
import io.dataexporter.worker.assemble.FinalizeExportRun;
import io.dataexporter.worker.assemble.ManifestWriter;
import io.dataexporter.worker.assemble.WriteDataCard;
import io.dataexporter.worker.cleanup.CleanupSettings;
import io.dataexporter.worker.cleanup.OrphanProperties;
import io.dataexporter.worker.cleanup.RemoveOrphanedObjects;
import io.dataexporter.worker.compress.Codecs;
import io.dataexporter.worker.compress.GzipEngine;
import io.dataexporter.worker.format.ParquetSettings;
import io.dataexporter.worker.incremental.IncrementalCuts;
import io.dataexporter.worker.incremental.VisibleTransactions;
import io.dataexporter.worker.planning.PlanExport;
import io.dataexporter.worker.planning.ShardPlanner;
import io.dataexporter.worker.progress.ExportOutcomes;
import io.dataexporter.worker.progress.ShardMetrics;
import io.dataexporter.worker.progress.ShardProgress;
import io.dataexporter.worker.recovery.RecoverySettings;
import io.dataexporter.worker.shard.CompleteShard;
import io.dataexporter.worker.shard.ExecuteShard;
import io.dataexporter.worker.shard.PartOutputs;
import io.dataexporter.worker.shard.RunShardTask;
import io.dataexporter.worker.shard.ShardLease;
import io.dataexporter.worker.shard.ShardSettings;
import io.dataexporter.worker.snapshot.HoldSnapshots;
import io.dataexporter.worker.snapshot.ReplanExport;
import io.dataexporter.worker.snapshot.SnapshotConnections;
import io.dataexporter.worker.snapshot.SnapshotHolders;
import io.dataexporter.worker.snapshot.SnapshotProperties;
import io.dataexporter.worker.source.DatasetCatalog;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import io.dataexporter.worker.validation.RuleBook;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.springframework.amqp.rabbit.retry.ImmediateRequeueMessageRecoverer;
import org.springframework.amqp.rabbit.retry.MessageRecoverer;
import org.springframework.boot.amqp.autoconfigure.RabbitListenerRetrySettingsCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Wires the worker's plain-Java pipeline. */
@Configuration(proxyBeanMethods = false)
@Import(CommonConfiguration.class)
public class WorkerConfiguration {

  /** Threads that feed multipart uploads from pipes; one per shard or file being written. */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService uploadThreads() {
    AtomicInteger n = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "upload-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Refuses to start on a configuration that would export wrongly, and warns on unsafe defaults.
   */
  @Bean
  Object workerStartupChecks(DatasetRegistry datasets, WorkerProperties properties) {
    for (String name : datasets.names()) {
      String ruleSet = datasets.get(name).ruleSet();
      if (!ruleSet.equals(name) && !RuleBook.knows(ruleSet)) {
        throw new IllegalStateException(
            "exporter.datasets."
                + name
                + ".rule-set: unknown rule set '"
                + ruleSet
                + "' (known: logs, anomalies, ips; omit it for the generic rules)");
      }
    }
    if (properties.hashSecret().equals(WorkerProperties.DEFAULT_HASH_SECRET)) {
      org.slf4j.LoggerFactory.getLogger(WorkerConfiguration.class)
          .warn(
              "exporter.worker.hash-secret is the built-in placeholder: 'hash' tokens are guessable. "
                  + "Set EXPORTER_WORKER_HASH_SECRET to a long random value shared by all workers.");
    }
    return "checked";
  }

  /** Spreads the retries of many workers hitting the same outage. */
  @Bean
  RabbitListenerRetrySettingsCustomizer retryJitter() {
    return settings -> settings.setJitter(Duration.ofMillis(300));
  }

  /**
   * After its in-worker retries a failed task returns to the queue (counting a delivery) instead of
   * being dropped; the attempt limits in the listeners decide when to give up.
   */
  @Bean
  MessageRecoverer requeueAfterRetries() {
    return new ImmediateRequeueMessageRecoverer();
  }

  @Bean
  ShardLease shardLease(ShardRepository shards, WorkerProperties properties, Clock clock) {
    return new ShardLease(shards, clock, properties.leaseDuration(), properties.leaseRenewEvery());
  }

  @Bean
  ExportOutcomes exportOutcomes(ExportJobRepository jobs, MeterRegistry registry, Clock clock) {
    return new ExportOutcomes(jobs, registry, clock);
  }

  @Bean
  ShardProgress shardProgress(StringRedisTemplate redis, WorkerProperties properties) {
    return new ShardProgress(redis, properties.progressTtl());
  }

  /**
   * Connections for snapshot holders, opened outside the pool with the pool's settings (they stay
   * in a transaction for as long as an export runs).
   */
  @Bean
  SnapshotConnections snapshotConnections(DataSource dataSource) {
    if (dataSource instanceof HikariDataSource hikari) {
      return () -> {
        Properties props = new Properties();
        props.putAll(hikari.getDataSourceProperties());
        if (hikari.getUsername() != null) {
          props.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
          props.setProperty("password", hikari.getPassword());
        }
        props.setProperty("ApplicationName", "exporter-snapshot-holder");
        props.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(hikari.getJdbcUrl(), props);
      };
    }
    return dataSource::getConnection;
  }

  @Bean
  RemoveOrphanedObjects removeOrphanedObjects(
      ObjectStore store,
      ExportJobRepository jobs,
      AuditLog audit,
      WorkerProperties properties,
      OrphanProperties orphans,
      MeterRegistry registry,
      Clock clock) {
    return new RemoveOrphanedObjects(
        store, jobs, audit, properties.id(), orphans.grace(), registry, clock);
  }

  @Bean
  ReplanExport replanExport(
      ExportJobRepository jobs,
      ObjectStore store,
      RequestPlanning planning,
      MeterRegistry registry,
      Clock clock) {
    return new ReplanExport(jobs, store, planning, registry, clock);
  }

  @Bean(destroyMethod = "close")
  HoldSnapshots holdSnapshots(
      SnapshotConnections connections,
      Jdbi jdbi,
      ReplanExport replan,
      SnapshotProperties snapshotProperties,
      WorkerProperties properties,
      Clock clock) {
    return new HoldSnapshots(
        connections,
        new SnapshotHolders(jdbi),
        replan,
        snapshotProperties,
        properties.id() + "/" + UUID.randomUUID().toString().substring(0, 8),
        clock);
  }

  @Bean
  PlanExport planExport(
      ExportJobRepository jobs,
      ShardRepository shards,
      Jdbi jdbi,
      DatasetRegistry datasets,
      ConfirmedPublisher publisher,
      HoldSnapshots snapshots,
      WorkerProperties properties,
      FilterParser filters,
      Clock clock) {
    return new PlanExport(
        jobs,
        shards,
        new ShardPlanner(jdbi, datasets, properties.shardTargetRows(), filters),
        publisher,
        snapshots,
        new IncrementalCuts(jdbi),
        new VisibleTransactions(jdbi),
        datasets,
        jdbi,
        clock);
  }

  /** The gzip implementation (chosen once at startup) and the codecs' default levels, logged. */
  @Bean
  Codecs codecs(WorkerProperties properties) {
    GzipEngine engine = GzipEngine.choose(properties.gzipEngine());
    String why =
        engine == GzipEngine.ZLIB && GzipEngine.libdeflateProblem() != null
            ? " (" + GzipEngine.libdeflateProblem() + ")"
            : "";
    org.slf4j.LoggerFactory.getLogger(WorkerConfiguration.class)
        .info(
            "gzip engine: {} at level {}{}; zstd at level {}",
            engine.name().toLowerCase(java.util.Locale.ROOT),
            properties.compressionLevel(),
            why,
            properties.zstdLevel());
    return new Codecs(engine, properties.compressionLevel(), properties.zstdLevel());
  }

  @Bean
  CleanupSettings cleanupSettings(WorkerProperties properties) {
    return new CleanupSettings(properties.id(), properties.retention());
  }

  @Bean
  RecoverySettings recoverySettings(WorkerProperties properties) {
    return new RecoverySettings(properties.unfinalizedGrace(), properties.finalizeTimeout());
  }

  /** Attempts at a shard, a plan or a finalization before the export fails. */
  @Bean
  RetryPolicy retryPolicy(WorkerProperties properties) {
    return new RetryPolicy(properties.maxAttempts());
  }

  @Bean
  ShardSettings shardSettings(
      WorkerProperties properties, RetryPolicy retry, ParquetSettings parquet) {
    return new ShardSettings(
        properties.id(),
        retry,
        properties.progressEvery(),
        properties.hashSecret().getBytes(StandardCharsets.UTF_8),
        properties.maxRowsPerSecond(),
        properties.copyFastPath(),
        parquet);
  }

  @Bean
  ExecuteShard executeShard(
      Jdbi jdbi,
      DatasetRegistry datasets,
      ObjectStore store,
      ExecutorService uploadThreads,
      Codecs codecs,
      ShardProgress progress,
      ShardSettings settings,
      FilterParser filters) {
    return new ExecuteShard(
        new SourceRows(jdbi),
        new SourceCopy(jdbi),
        new IncrementalCuts(jdbi),
        datasets,
        new PartOutputs(store, uploadThreads, codecs),
        progress,
        settings,
        filters);
  }

  @Bean
  CompleteShard completeShard(
      ExportJobRepository jobs,
      ShardRepository shards,
      ConfirmedPublisher publisher,
      ObjectStore store,
      Clock clock) {
    return new CompleteShard(jobs, shards, publisher, store, clock);
  }

  @Bean
  RunShardTask runShardTask(
      ShardSettings settings,
      ExportJobRepository jobs,
      ShardRepository shards,
      ExecuteShard execute,
      CompleteShard complete,
      DatasetRegistry datasets,
      MeterRegistry meterRegistry,
      ExportOutcomes outcomes,
      ShardLease lease,
      HoldSnapshots snapshots,
      ReplanExport replan,
      Clock clock) {
    return new RunShardTask(
        settings,
        jobs,
        shards,
        execute,
        complete,
        new ShardMetrics(meterRegistry, settings.workerId(), datasets.names()),
        outcomes,
        lease,
        snapshots,
        replan,
        clock);
  }

  @Bean
  FinalizeExportRun finalizeExportRun(
      ExportJobRepository jobs,
      ShardRepository shards,
      ObjectStore store,
      DatasetRegistry datasets,
      ExecutorService uploadThreads,
      Jdbi jdbi,
      WorkerProperties properties,
      ShardProgress progress,
      ExportOutcomes outcomes,
      MeterRegistry meterRegistry,
      FilterParser filters,
      RecipientKeys recipients,
      CardProperties card,
      Clock clock) {
    JsonMapper mapper = JsonMapper.builder().build();
    ManifestWriter manifests =
        new ManifestWriter(
            datasets,
            new DatasetCatalog(jdbi),
            new IncrementalCuts(jdbi),
            mapper,
            new ScheduleRunRepository(jdbi, mapper),
            filters);
    AssembleFiles assemble =
        new AssembleFiles(
            store,
            datasets,
            uploadThreads,
            mapper,
            clock,
            manifests,
            new WriteDataCard(store, datasets, new DatasetCatalog(jdbi), mapper, card),
            meterRegistry);
    return new FinalizeExportRun(
        jobs,
        shards,
        assemble,
        store,
        properties.maxRejectedShare(),
        progress,
        outcomes,
        recipients,
        clock);
  }
}
