package io.dataexporter.gateway.export;

import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.messaging.RequestPlanning;
import java.time.Clock;
import java.util.UUID;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** The outbox relay: publishes accepted exports that could not be published when created. */
@Component
class PublishPendingExports {
  private final ExportJobRepository jobs;
  private final RequestPlanning planning;
  private final GatewayProperties properties;
  private final Clock clock;

  PublishPendingExports(
      ExportJobRepository jobs,
      RequestPlanning planning,
      GatewayProperties properties,
      Clock clock) {
    this.jobs = jobs;
    this.planning = planning;
    this.properties = properties;
    this.clock = clock;
  }

  @Scheduled(fixedDelayString = "${exporter.gateway.publish-interval:2s}")
  void publishPending() {
    // younger jobs are still being published by the request that created them
    for (UUID id : jobs.unpublished(clock.instant().minus(properties.publishInterval()), 100)) {
      if (!planning.send(id)) {
        return;
      }
    }
  }
}
