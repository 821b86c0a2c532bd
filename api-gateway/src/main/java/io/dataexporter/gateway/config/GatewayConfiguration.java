package io.dataexporter.gateway.config;

import io.dataexporter.config.CommonConfiguration;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.estimate.ExportEstimator;
import io.dataexporter.gateway.download.PresignedDownloads;
import io.dataexporter.gateway.progress.ProgressEvents;
import io.dataexporter.gateway.progress.ProgressReader;
import io.dataexporter.gateway.progress.StreamSlots;
import io.dataexporter.job.ExportAdmission;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequestParser;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.storage.StorageProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/** Wires the gateway. */
@Configuration(proxyBeanMethods = false)
@Import(CommonConfiguration.class)
public class GatewayConfiguration {

  @Bean
  ProgressReader progressReader(ShardRepository shards, StringRedisTemplate redis) {
    return new ProgressReader(shards, redis, Duration.ofDays(7));
  }

  @Bean
  ProgressEvents progressEvents(
      ExportJobRepository jobs,
      ProgressReader progress,
      GatewayProperties properties,
      MeterRegistry registry) {
    ProgressEvents events =
        new ProgressEvents(
            jobs,
            progress,
            new StreamSlots(properties.maxEventStreamsPerUser(), properties.maxEventStreams()),
            properties.retryAfter());
    Gauge.builder("exporter.event.streams", events, ProgressEvents::openStreams)
        .description("Live-progress streams open")
        .register(registry);
    Gauge.builder("exporter.event.streams.exports", events, ProgressEvents::watchedExports)
        .description("Exports with live-progress streams open (state kept for them)")
        .register(registry);
    return events;
  }

  /** Feeds the workers' change announcements (Redis pub/sub) into the open event streams. */
  @Bean
  RedisMessageListenerContainer progressEventListener(
      RedisConnectionFactory redis, ProgressEvents events) {
    RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    container.setConnectionFactory(redis);
    container.addMessageListener(events, new ChannelTopic(ProgressEvents.channel()));
    return container;
  }

  @Bean
  PresignedDownloads presignedDownloads(
      ObjectStore store, StorageProperties storage, Clock clock, MeterRegistry registry) {
    return new PresignedDownloads(store, storage.presignExpiry(), clock, registry);
  }

  /** Plans with the workers' shard size, so the estimate's shard plan matches theirs. */
  @Bean
  ExportEstimator exportEstimator(
      Jdbi jdbi,
      DatasetRegistry datasets,
      @Value("${exporter.worker.shard-target-rows:100000}") long shardTargetRows) {
    return new ExportEstimator(jdbi, datasets, shardTargetRows);
  }

  @Bean
  ExportAdmission exportAdmission(Jdbi jdbi, ExportJobRepository jobs) {
    return new ExportAdmission(jdbi, jobs);
  }

  @Bean
  ExportRequestParser exportRequestParser(DatasetRegistry datasets, GatewayProperties properties) {
    return new ExportRequestParser(
        datasets, JsonMapper.builder().build(), properties.requestLimits());
  }
}
