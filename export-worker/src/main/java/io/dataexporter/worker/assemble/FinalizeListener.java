package io.dataexporter.worker.assemble;

import io.dataexporter.messaging.FinalizeExport;
import io.dataexporter.messaging.Queues;
import io.dataexporter.worker.config.WorkerProperties;
import io.dataexporter.worker.progress.ExportOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Entry point for finalization; after the last allowed attempt the export fails with the reason.
 */
@Component
class FinalizeListener {
  private static final Logger log = LoggerFactory.getLogger(FinalizeListener.class);
  private final FinalizeExportRun finalizeExport;
  private final ExportOutcomes outcomes;
  private final WorkerProperties properties;

  FinalizeListener(
      FinalizeExportRun finalizeExport, ExportOutcomes outcomes, WorkerProperties properties) {
    this.finalizeExport = finalizeExport;
    this.outcomes = outcomes;
    this.properties = properties;
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
          message.recovery() || Boolean.TRUE.equals(redelivered) || deliveries != null);
    } catch (Exception e) {
      long attempt = (deliveries == null ? 0 : deliveries) + 1;
      if (attempt >= properties.maxDeliveries()) {
        log.error("finalizing failed for good after {} attempts", attempt, e);
        outcomes.fail(message.exportId(), "finalizing failed: " + e.getMessage());
        return;
      }
      log.warn("finalizing failed (attempt {}), will retry: {}", attempt, e.getMessage());
      throw e;
    } finally {
      MDC.clear();
    }
  }
}
