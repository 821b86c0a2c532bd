package io.dataexporter.worker.planning;

import io.dataexporter.error.RetryPolicy;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.messaging.ExportRequested;
import io.dataexporter.messaging.Queues;
import io.dataexporter.worker.progress.ExportOutcomes;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * Entry point for new exports: plans, and counts a failed planning attempt in the database; a
 * permanent failure, or a transient one at the last allowed attempt, fails the export, any other
 * failure is retried (the exception goes back to the container).
 */
@Component
class ExportRequestListener {
  private final PlanExport planExport;
  private final ExportOutcomes outcomes;
  private final RetryPolicy retry;

  ExportRequestListener(PlanExport planExport, ExportOutcomes outcomes, RetryPolicy retry) {
    this.planExport = planExport;
    this.outcomes = outcomes;
    this.retry = retry;
  }

  @RabbitListener(queues = Queues.EXPORT_REQUESTS_PLACEHOLDER)
  void onExportRequested(ExportRequested message) {
    MDC.put("export_id", message.exportId().toString());
    try {
      planExport.run(message.exportId());
    } catch (RuntimeException e) {
      // only a failed run counts: a duplicate message that finds the plan stored does nothing
      if (outcomes.failedAttempt(message.exportId(), ExportJobRepository.Work.PLAN, e, retry)) {
        throw e;
      }
    } finally {
      MDC.clear();
    }
  }
}
