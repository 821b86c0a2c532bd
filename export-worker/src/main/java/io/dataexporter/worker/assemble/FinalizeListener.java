package io.dataexporter.worker.assemble;

import io.dataexporter.error.RetryPolicy;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.messaging.FinalizeExport;
import io.dataexporter.messaging.Queues;
import io.dataexporter.worker.progress.ExportOutcomes;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Entry point for finalization: finalizes, and counts a failed attempt in the database; a permanent
 * failure, or a transient one at the last allowed attempt, fails the export with the reason, any
 * other failure is retried.
 */
@Component
class FinalizeListener {
  private final FinalizeExportRun finalizeExport;
  private final ExportOutcomes outcomes;
  private final RetryPolicy retry;

  FinalizeListener(FinalizeExportRun finalizeExport, ExportOutcomes outcomes, RetryPolicy retry) {
    this.finalizeExport = finalizeExport;
    this.outcomes = outcomes;
    this.retry = retry;
  }

  @RabbitListener(queues = Queues.FINALIZE_PLACEHOLDER)
  void onFinalize(
      FinalizeExport message,
      @Header(name = AmqpHeaders.REDELIVERED, required = false) Boolean redelivered,
      @Header(name = "x-delivery-count", required = false) Long deliveries)
      throws Exception {
    MDC.put("export_id", message.exportId().toString());
    try {
      finalizeExport.run(
          message.exportId(),
          message.recovery()
              || Boolean.TRUE.equals(redelivered)
              || (deliveries != null && deliveries > 0));
    } catch (Exception e) {
      // only a failed run counts: a duplicate message for a finalized export does nothing
      if (outcomes.failedAttempt(message.exportId(), ExportJobRepository.Work.FINALIZE, e, retry)) {
        throw e;
      }
    } finally {
      MDC.clear();
    }
  }
}
