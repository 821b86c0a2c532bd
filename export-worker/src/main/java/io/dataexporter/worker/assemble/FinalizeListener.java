package io.dataexporter.worker.assemble;

import io.dataexporter.error.FailureKind;
import io.dataexporter.error.RetryPolicy;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.messaging.FinalizeExport;
import io.dataexporter.messaging.Queues;
import io.dataexporter.worker.progress.ExportOutcomes;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Entry point for finalization: counts the attempt in the database and finalizes; a permanent
 * failure, or a transient one at the last allowed attempt, fails the export with the reason, any
 * other failure is retried.
 */
@Component
class FinalizeListener {
  private static final Logger log = LoggerFactory.getLogger(FinalizeListener.class);
  private final FinalizeExportRun finalizeExport;
  private final ExportJobRepository jobs;
  private final ExportOutcomes outcomes;
  private final RetryPolicy retry;

  FinalizeListener(
      FinalizeExportRun finalizeExport,
      ExportJobRepository jobs,
      ExportOutcomes outcomes,
      RetryPolicy retry) {
    this.finalizeExport = finalizeExport;
    this.jobs = jobs;
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
      try {
        finalizeExport.run(
            message.exportId(),
            message.recovery()
                || Boolean.TRUE.equals(redelivered)
                || (deliveries != null && deliveries > 0));
      } catch (Exception e) {
        // only a failed run counts: a duplicate message for a finalized export does nothing
        Optional<Integer> attempt =
            jobs.countFailedAttempt(message.exportId(), ExportJobRepository.Work.FINALIZE);
        if (attempt.isEmpty()) {
          return; // deleted meanwhile
        }
        if (retry.givesUp(e, attempt.get())) {
          log.error(
              "finalizing failed for good at attempt {} ({} error)",
              attempt.get(),
              FailureKind.of(e),
              e);
          outcomes.fail(message.exportId(), "finalizing failed: " + e.getMessage());
          return;
        }
        log.warn("finalizing failed (attempt {}), will retry: {}", attempt.get(), e.getMessage());
        throw e;
      }
    } finally {
      MDC.clear();
    }
  }
}
