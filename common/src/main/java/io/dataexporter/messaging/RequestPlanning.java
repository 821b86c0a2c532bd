package io.dataexporter.messaging;

import io.dataexporter.error.TransientException;
import io.dataexporter.job.ExportJobRepository;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the workers to plan an export: publishes {@link ExportRequested} (confirmed) and marks the
 * job published. When the broker is away the job stays unpublished, and the outbox relays (the
 * gateway's for pending jobs, the workers' sweep for running ones) send it later.
 */
public final class RequestPlanning {
  private static final Logger log = LoggerFactory.getLogger(RequestPlanning.class);
  private final ConfirmedPublisher publisher;
  private final ExportJobRepository jobs;
  private final Clock clock;

  public RequestPlanning(ConfirmedPublisher publisher, ExportJobRepository jobs, Clock clock) {
    this.publisher = publisher;
    this.jobs = jobs;
    this.clock = clock;
  }

  /** True when the broker confirmed the request; false (the job stays unpublished) otherwise. */
  public boolean send(UUID exportId) {
    try {
      publisher.requestExport(new ExportRequested(exportId));
      jobs.markPublished(exportId, clock.instant());
      return true;
    } catch (TransientException e) {
      log.warn(
          "planning of export {} not requested yet ({}); it is sent when the broker is back",
          exportId,
          e.getMessage());
      return false;
    }
  }
}
