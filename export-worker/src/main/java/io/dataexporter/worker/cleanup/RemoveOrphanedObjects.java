package io.dataexporter.worker.cleanup;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciliation of the store with the job table: objects under {@code exports/{id}/} whose export
 * has no row (a deletion that crashed between the row and the objects, a writer that outlived its
 * export), untouched for longer than a grace period, are removed, with their open uploads. Every
 * removal is counted ({@code exporter_orphans_removed_total}), audited ({@code orphans_removed},
 * actor {@code worker:<id>}) and logged.
 */
public final class RemoveOrphanedObjects {
  private static final Logger log = LoggerFactory.getLogger(RemoveOrphanedObjects.class);
  private final ObjectStore store;
  private final ExportJobRepository jobs;
  private final AuditLog audit;
  private final String workerId;
  private final Duration grace;
  private final Counter removed;
  private final Clock clock;

  public RemoveOrphanedObjects(
      ObjectStore store,
      ExportJobRepository jobs,
      AuditLog audit,
      String workerId,
      Duration grace,
      MeterRegistry registry,
      Clock clock) {
    this.store = store;
    this.jobs = jobs;
    this.audit = audit;
    this.workerId = workerId;
    this.grace = grace;
    this.removed =
        Counter.builder("exporter.orphans.removed")
            .description("Objects removed from the store because their export no longer exists")
            .register(registry);
    this.clock = clock;
  }

  /** One pass; returns how many objects it removed. */
  public long run() {
    Instant cutoff = clock.instant().minus(grace);
    Map<UUID, Found> found = new HashMap<>();
    for (ObjectStore.StoredObject object : store.list("exports/")) {
      UUID id = exportIdOf(object.key());
      if (id != null) {
        Instant modified = object.modified() == null ? Instant.EPOCH : object.modified();
        found.merge(id, new Found(modified, 1), Found::plus);
      }
    }
    long total = 0;
    for (Map.Entry<UUID, Found> e : found.entrySet()) {
      UUID id = e.getKey();
      if (e.getValue().newest().isAfter(cutoff) || jobs.find(id).isPresent()) {
        continue;
      }
      long bytes = store.removeAll(ObjectKeys.exportPrefix(id));
      long objects = e.getValue().objects();
      total += objects;
      removed.increment(objects);
      String detail = objects + " objects, " + bytes + " bytes";
      log.warn("removed orphaned objects of export {} (no job row): {}", id, detail);
      audit.record(
          "worker:" + workerId,
          "orphans_removed",
          ObjectKeys.exportPrefix(id),
          detail,
          null,
          clock.instant());
    }
    return total;
  }

  /** What one export's prefix holds: its newest write and how many objects. */
  private record Found(Instant newest, long objects) {
    Found plus(Found other) {
      return new Found(
          newest.isAfter(other.newest) ? newest : other.newest, objects + other.objects);
    }
  }

  private static UUID exportIdOf(String key) {
    String[] parts = key.split("/", 3);
    if (parts.length < 3) {
      return null;
    }
    try {
      return UUID.fromString(parts[1]);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
