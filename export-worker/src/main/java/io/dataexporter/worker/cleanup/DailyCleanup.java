package io.dataexporter.worker.cleanup;

import io.dataexporter.cleanup.RemoveExports;
import io.dataexporter.worker.config.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Removes exports past the retention once a day (idempotent, so several workers may run it). */
@Component
class DailyCleanup {
  private static final Logger log = LoggerFactory.getLogger(DailyCleanup.class);
  private final RemoveExports removeExports;
  private final WorkerProperties properties;

  DailyCleanup(RemoveExports removeExports, WorkerProperties properties) {
    this.removeExports = removeExports;
    this.properties = properties;
  }

  @Scheduled(cron = "${exporter.worker.cleanup-cron:0 30 3 * * *}")
  void run() {
    try {
      RemoveExports.CleanupResult result = removeExports.olderThan(properties.retention());
      log.info(
          "cleanup removed {} exports, freed {} bytes",
          result.deletedExports(),
          result.freedBytes());
    } catch (RuntimeException e) {
      log.error("cleanup failed", e);
    }
  }
}
