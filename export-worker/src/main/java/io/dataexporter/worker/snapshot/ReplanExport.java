package io.dataexporter.worker.snapshot;

import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.messaging.RequestPlanning;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a running export over at a new moment when its snapshot is lost: its plan (shards and
 * holders) is dropped in one transaction, the old plan's parts are removed, and planning is
 * requested again. Never mixes two moments: no shard of the old plan can complete afterwards (its
 * row is gone), and the new plan reads only its own snapshot.
 */
public final class ReplanExport {
  private static final Logger log = LoggerFactory.getLogger(ReplanExport.class);
  private final ExportJobRepository jobs;
  private final ObjectStore store;
  private final RequestPlanning planning;
  private final Counter replanned;
  private final Clock clock;

  public ReplanExport(
      ExportJobRepository jobs,
      ObjectStore store,
      RequestPlanning planning,
      MeterRegistry registry,
      Clock clock) {
    this.jobs = jobs;
    this.store = store;
    this.planning = planning;
    this.replanned =
        Counter.builder("exporter.exports.replanned")
            .description(
                "Running exports planned again at a new moment after losing their snapshot")
            .register(registry);
    this.clock = clock;
  }

  /** Re-plans the export if it still runs under plan {@code epoch}; true when this call did. */
  public boolean run(UUID exportId, int epoch, String reason) {
    if (!jobs.replan(exportId, epoch, reason, clock.instant())) {
      return false;
    }
    replanned.increment();
    log.warn(
        "export {} lost its snapshot ({}); planned again at a new moment (plan {})",
        exportId,
        reason,
        epoch + 1);
    try {
      store.removeAll(ObjectKeys.epochParts(exportId, epoch));
    } catch (RuntimeException e) {
      log.warn(
          "parts of plan {} of export {} stay until it ends: {}", epoch, exportId, e.toString());
    }
    planning.send(exportId);
    return true;
  }
}
