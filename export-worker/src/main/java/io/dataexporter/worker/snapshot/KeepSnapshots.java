package io.dataexporter.worker.snapshot;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs {@link HoldSnapshots#keep()} every {@code exporter.worker.snapshot.keep-every}. */
@Component
class KeepSnapshots {
  private final HoldSnapshots snapshots;

  KeepSnapshots(HoldSnapshots snapshots) {
    this.snapshots = snapshots;
  }

  @Scheduled(
      fixedDelayString = "${exporter.worker.snapshot.keep-every:2s}",
      initialDelayString = "${exporter.worker.snapshot.keep-every:2s}")
  void keep() {
    try {
      snapshots.keep();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(KeepSnapshots.class)
          .warn("snapshot round failed, will try again: {}", e.toString());
    }
  }
}
