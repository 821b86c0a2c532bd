package io.dataexporter.worker.planning;

import io.dataexporter.error.FailureKind;
import io.dataexporter.error.RetryPolicy;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.messaging.ExportRequested;
import io.dataexporter.messaging.Queues;
import io.dataexporter.worker.progress.ExportOutcomes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Entry point for new exports: counts the planning attempt in the database and plans; a permanent
 * failure, or a transient one at the last allowed attempt, fails the export, any other failure is
 * retried (the exception goes back to the container).
 */
@Component
class ExportRequestListener {
  private static final Logger log = LoggerFactory.getLogger(ExportRequestListener.class);
  private final PlanExport planExport;
  private final ExportJobRepository jobs;
  private final ExportOutcomes outcomes;
  private final RetryPolicy retry;

  ExportRequestListener(
      PlanExport planExport, ExportJobRepository jobs, ExportOutcomes outcomes, RetryPolicy retry) {
    this.planExport = planExport;
    this.jobs = jobs;
    this.outcomes = outcomes;
    this.retry = retry;
  }

  @RabbitListener(queues = Queues.EXPORT_REQUESTS_PLACEHOLDER)
  void onExportRequested(ExportRequested message) {
    MDC.put("export_id", message.exportId().toString());
    try {
      try {
        planExport.run(message.exportId());
      } catch (RuntimeException e) {
        // only a failed run counts: a duplicate message that finds the plan stored does nothing
        Optional<Integer> attempt =
            jobs.countFailedAttempt(message.exportId(), ExportJobRepository.Work.PLAN);
        if (attempt.isEmpty()) {
          return; // deleted meanwhile
        }
        if (retry.givesUp(e, attempt.get())) {
          log.error(
              "planning failed for good at attempt {} ({} error)",
              attempt.get(),
              FailureKind.of(e),
              e);
          outcomes.fail(message.exportId(), "planning failed: " + e.getMessage());
          return;
        }
        log.warn("planning failed (attempt {}), will retry: {}", attempt.get(), e.getMessage());
        throw e;
      }
    } finally {
      MDC.clear();
    }
  }
}
