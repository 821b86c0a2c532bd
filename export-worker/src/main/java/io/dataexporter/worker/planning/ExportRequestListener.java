package io.dataexporter.worker.planning;

import io.dataexporter.messaging.ExportRequested;
import io.dataexporter.messaging.Queues;
import io.dataexporter.worker.config.WorkerProperties;
import io.dataexporter.worker.progress.ExportOutcomes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/** Entry point for new exports: plans them; after the last allowed attempt the export fails. */
@Component
class ExportRequestListener {
  private static final Logger log = LoggerFactory.getLogger(ExportRequestListener.class);
  private final PlanExport planExport;
  private final ExportOutcomes outcomes;
  private final WorkerProperties properties;

  ExportRequestListener(
      PlanExport planExport, ExportOutcomes outcomes, WorkerProperties properties) {
    this.planExport = planExport;
    this.outcomes = outcomes;
    this.properties = properties;
  }

  @RabbitListener(queues = Queues.EXPORT_REQUESTS_PLACEHOLDER)
  void onExportRequested(
      ExportRequested message,
      @Header(name = "x-delivery-count", required = false) Long deliveries) {
    MDC.put("export_id", message.exportId().toString());
    try {
      planExport.run(message.exportId());
    } catch (RuntimeException e) {
      long attempt = (deliveries == null ? 0 : deliveries) + 1;
      if (attempt >= properties.maxDeliveries()) {
        log.error("planning failed for good after {} attempts", attempt, e);
        outcomes.fail(message.exportId(), "planning failed: " + e.getMessage());
        return;
      }
      log.warn("planning failed (attempt {}), will retry: {}", attempt, e.getMessage());
      throw e;
    } finally {
      MDC.clear();
    }
  }
}
