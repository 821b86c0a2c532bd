package io.dataexporter.gateway.export;

import io.dataexporter.error.TooManyRequestsException;
import io.dataexporter.gateway.auth.AuditTrail;
import io.dataexporter.gateway.auth.Caller;
import io.dataexporter.job.ExportAdmission;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.messaging.RequestPlanning;
import io.dataexporter.webhook.WebhookTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates a request, stores the job if the quotas allow ({@link ExportAdmission}, atomic per
 * user), then publishes it (confirmed). The stored job is the outbox: when the broker is
 * unreachable the job is still accepted, and {@link PublishPendingExports} sends it once the broker
 * is back. Planning is idempotent, so a job published twice is planned once.
 */
@Component
public class CreateExport {
  private final ExportRequestParser parser;
  private final ExportJobRepository jobs;
  private final ExportAdmission admission;
  private final RequestPlanning planning;
  private final AdmissionSettings settings;
  private final AuditTrail audit;
  private final MeterRegistry registry;
  private final Clock clock;

  CreateExport(
      ExportRequestParser parser,
      ExportJobRepository jobs,
      ExportAdmission admission,
      RequestPlanning planning,
      AdmissionSettings settings,
      AuditTrail audit,
      MeterRegistry registry,
      Clock clock) {
    this.parser = parser;
    this.jobs = jobs;
    this.admission = admission;
    this.planning = planning;
    this.settings = settings;
    this.audit = audit;
    this.registry = registry;
    this.clock = clock;
    // from 0, so that the first export after a restart is not lost to Prometheus' rate functions
    for (OutputFormat format : OutputFormat.values()) {
      started(format.extension());
    }
  }

  public ExportJob create(JsonNode body) {
    ExportRequestParser.Submission submission = parser.parseSubmission(body);
    return create(submission.request(), submission.webhook());
  }

  /** Stores and queues an export of {@code request} announcing its end to {@code webhook}. */
  public ExportJob create(ExportRequest request, WebhookTarget webhook) {
    Caller caller = Caller.current();
    ExportJob job =
        ExportJob.pending(UUID.randomUUID(), request, clock.instant(), caller.name())
            .withWebhook(webhook);
    ExportAdmission.Limits limits =
        new ExportAdmission.Limits(
            !caller.admin(),
            settings.maxRunningPerUser(),
            settings.maxExportsPerHour(),
            settings.maxActiveExports());
    switch (admission.admit(job, limits)) {
      case OWNER_RUNNING_LIMIT ->
          throw new TooManyRequestsException(
              "you already have " + settings.maxRunningPerUser() + " exports pending or running",
              settings.retryAfter());
      case OWNER_HOURLY_LIMIT ->
          throw new TooManyRequestsException(
              "you created " + settings.maxExportsPerHour() + " exports in the last hour",
              Duration.ofMinutes(5));
      case GLOBAL_ACTIVE_LIMIT ->
          throw new TooManyRequestsException(
              settings.maxActiveExports()
                  + " exports are already pending or running; try again later",
              settings.retryAfter());
      case STORED -> {
        // admitted
      }
    }
    audit.record("export_created", job.id().toString(), String.join(",", request.dataTypes()));
    started(request.outputFormat().extension()).increment();
    planning.send(job.id());
    return jobs.find(job.id()).orElseThrow();
  }

  private Counter started(String format) {
    return Counter.builder("exporter.exports.started")
        .description("Exports accepted")
        .tag("format", format)
        .register(registry);
  }
}
