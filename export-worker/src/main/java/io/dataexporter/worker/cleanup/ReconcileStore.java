package io.dataexporter.worker.cleanup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link RemoveOrphanedObjects} every {@code exporter.worker.orphans.every}. */
@Component
class ReconcileStore {
  private static final Logger log = LoggerFactory.getLogger(ReconcileStore.class);
  private final RemoveOrphanedObjects orphans;

  ReconcileStore(RemoveOrphanedObjects orphans) {
    this.orphans = orphans;
  }

  @Scheduled(
      fixedDelayString = "${exporter.worker.orphans.every:10m}",
      initialDelayString = "${exporter.worker.orphans.every:10m}")
  void run() {
    try {
      orphans.run();
    } catch (RuntimeException e) {
      log.warn("store reconciliation failed, will try again: {}", e.toString());
    }
  }
}
