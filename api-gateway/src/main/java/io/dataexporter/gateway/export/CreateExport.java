package io.dataexporter.gateway.export;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.ExportRequestParser;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.ExportRequested;
import java.time.Clock;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates a request, stores the job, publishes it (confirmed). If the broker does not confirm,
 * the job row is removed again and the caller gets an error: nothing half-submitted remains.
 */
@Component
public class CreateExport {
  private final ExportRequestParser parser;
  private final ExportJobRepository jobs;
  private final ConfirmedPublisher publisher;
  private final Clock clock;

  CreateExport(
      ExportRequestParser parser,
      ExportJobRepository jobs,
      ConfirmedPublisher publisher,
      Clock clock) {
    this.parser = parser;
    this.jobs = jobs;
    this.publisher = publisher;
    this.clock = clock;
  }

  public ExportJob create(JsonNode body) {
    ExportRequest request = parser.parse(body);
    ExportJob job = ExportJob.pending(UUID.randomUUID(), request, clock.instant());
    jobs.insert(job);
    try {
      publisher.requestExport(new ExportRequested(job.id()));
    } catch (RuntimeException e) {
      jobs.delete(job.id());
      throw e;
    }
    return jobs.find(job.id()).orElseThrow();
  }
}
