package io.dataexporter.gateway.export;

import io.dataexporter.error.TooManyRequestsException;
import io.dataexporter.error.TransientException;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.ExportRequestParser;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ExportRequested;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates a request, stores the job, then publishes it (confirmed). The stored job is the outbox:
 * when the broker is unreachable the job is still accepted, and {@link PublishPendingExports} sends
 * it once the broker is back. Planning is idempotent, so a job published twice is planned once.
 */
@Component
public class CreateExport {
  private static final Logger log = LoggerFactory.getLogger(CreateExport.class);
  private final ExportRequestParser parser;
  private final ExportJobRepository jobs;
  private final ConfirmedPublisher publisher;
  private final GatewayProperties properties;
  private final Clock clock;

  CreateExport(
      ExportRequestParser parser,
      ExportJobRepository jobs,
      ConfirmedPublisher publisher,
      GatewayProperties properties,
      Clock clock) {
    this.parser = parser;
    this.jobs = jobs;
    this.publisher = publisher;
    this.properties = properties;
    this.clock = clock;
  }

  public ExportJob create(JsonNode body) {
    ExportRequest request = parser.parse(body);
    if (properties.maxActiveExports() > 0 && jobs.countActive() >= properties.maxActiveExports()) {
      throw new TooManyRequestsException(
          properties.maxActiveExports()
              + " exports are already pending or running; try again later",
          properties.retryAfter());
    }
    ExportJob job = ExportJob.pending(UUID.randomUUID(), request, clock.instant());
    jobs.insert(job);
    publish(job.id());
    return jobs.find(job.id()).orElseThrow();
  }

  /** Sends the job to the workers; false (and the job stays unpublished) if the broker is away. */
  boolean publish(UUID exportId) {
    try {
      publisher.requestExport(new ExportRequested(exportId));
      jobs.markPublished(exportId, clock.instant());
      return true;
    } catch (TransientException e) {
      log.warn(
          "export {} accepted but not yet published ({}); it is sent when the broker is back",
          exportId,
          e.getMessage());
      return false;
    }
  }
}
