package io.dataexporter.gateway.progress;

import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ShardRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/** Wires live progress: the reader, the event streams and their Redis feed. */
@Configuration(proxyBeanMethods = false)
class ProgressConfiguration {

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
}
