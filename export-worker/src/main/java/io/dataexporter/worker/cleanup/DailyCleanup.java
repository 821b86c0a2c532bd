package io.dataexporter.worker.cleanup;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.cleanup.RemoveExports;
import io.dataexporter.webhook.WebhookDeliveryRepository;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Removes exports past the retention once a day, and finished webhook deliveries as old
 * (idempotent, so several workers may run it).
 */
@Component
public class DailyCleanup {
  private static final Logger log = LoggerFactory.getLogger(DailyCleanup.class);
  private final RemoveExports removeExports;
  private final CleanupSettings settings;
  private final AuditLog audit;
  private final Clock clock;
  private final WebhookDeliveryRepository deliveries;

  DailyCleanup(
      RemoveExports removeExports,
      CleanupSettings settings,
      AuditLog audit,
      Clock clock,
      WebhookDeliveryRepository deliveries) {
    this.removeExports = removeExports;
    this.deliveries = deliveries;
    this.settings = settings;
    this.audit = audit;
    this.clock = clock;
  }

  @Scheduled(cron = "${exporter.worker.cleanup-cron:0 30 3 * * *}")
  void scheduled() {
    run();
  }

  /** One cleanup: removes, logs and audits (actor {@code worker:<id>}). */
  public void run() {
    try {
      RemoveExports.CleanupResult result = removeExports.olderThan(settings.retention());
      log.info(
          "cleanup removed {} exports, freed {} bytes",
          result.deletedExports(),
          result.freedBytes());
      if (result.deletedExports() > 0) {
        String ids = String.join(",", result.exportIds());
        audit.record(
            "worker:" + settings.workerId(),
            "exports_cleaned_up",
            null,
            result.deletedExports()
                + " exports older than "
                + settings.retention()
                + ", "
                + result.freedBytes()
                + " bytes: "
                + (ids.length() > 2000 ? ids.substring(0, 2000) + "…" : ids),
            null,
            clock.instant());
      }
    } catch (RuntimeException e) {
      log.error("cleanup failed", e);
    }
    try {
      int removed = deliveries.removeFinishedBefore(clock.instant().minus(settings.retention()));
      log.info("cleanup removed {} finished webhook deliveries", removed);
    } catch (RuntimeException e) {
      log.error("cleanup of webhook deliveries failed", e);
    }
  }
}
