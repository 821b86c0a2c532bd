package io.dataexporter.gateway.export;

import io.dataexporter.error.ConflictException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.error.TransientException;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.RetriedExport;
import io.dataexporter.job.Shard;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.FinalizeExport;
import io.dataexporter.messaging.RequestPlanning;
import io.dataexporter.messaging.ShardTask;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.springframework.stereotype.Component;

/** Cancel and retry: the two ways a user steers an export once it is submitted. */
@Component
public class ControlExport {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ControlExport.class);
  private static final Set<ExportStatus> CANCELLABLE =
      Set.of(ExportStatus.PENDING, ExportStatus.RUNNING, ExportStatus.FINALIZING);
  private final ExportJobRepository jobs;
  private final ConfirmedPublisher publisher;
  private final RequestPlanning planning;
  private final ObjectStore store;
  private final Counter cancelled;
  private final Clock clock;

  ControlExport(
      ExportJobRepository jobs,
      ConfirmedPublisher publisher,
      RequestPlanning planning,
      ObjectStore store,
      MeterRegistry registry,
      Clock clock) {
    this.jobs = jobs;
    this.publisher = publisher;
    this.planning = planning;
    this.store = store;
    this.cancelled =
        Counter.builder("exporter.exports.cancelled")
            .description("Exports cancelled by their users")
            .register(registry);
    this.clock = clock;
  }

  /**
   * Stops the export: queued shards are skipped, running ones stop at their next renewal (their
   * uploads are aborted), and everything stored under its prefix so far (parts, files a finalizer
   * wrote, open uploads) is removed. A shard or finalizer finishing later finds the export
   * cancelled and removes what it wrote.
   */
  public ExportJob cancel(UUID id) {
    for (int attempt = 0; attempt < 3; attempt++) {
      ExportJob job = find(id);
      if (!CANCELLABLE.contains(job.status())) {
        throw new ConflictException(
            "export " + id + " is " + job.status().wire() + " and cannot be cancelled");
      }
      if (jobs.move(id, job.status(), ExportStatus.CANCELLED, clock.instant())) {
        store.removeAll(ObjectKeys.exportPrefix(id));
        cancelled.increment();
        return find(id);
      }
      // its status changed meanwhile; look again
    }
    throw new ConflictException("export " + id + " changed while being cancelled; try again");
  }

  /**
   * Re-runs what failed: its failed shards (completed ones are kept), or its planning when it
   * failed before any shard existed, or its finalization when every shard had completed.
   */
  ExportJob retry(UUID id) {
    ExportJob job = find(id);
    if (job.status() != ExportStatus.FAILED) {
      throw new ConflictException(
          "export " + id + " is " + job.status().wire() + "; only failed exports can be retried");
    }
    // the job, its shards and its outbox row move in one transaction; the messages follow, and a
    // lost one is sent again by the relays (unpublished pending exports, queued shards and
    // unfinalized exports are their outbox)
    RetriedExport retried =
        jobs.retry(id, clock.instant(), h -> refuseOvertakenRun(h, id))
            .orElseThrow(
                () ->
                    new ConflictException(
                        "export " + id + " changed while being retried; try again"));
    if (retried.replanned()) {
      planning.send(id);
      return find(id);
    }
    try {
      if (retried.requeued().isEmpty()) {
        publisher.finalizeExport(new FinalizeExport(id, false));
      }
      for (Shard shard : retried.requeued()) {
        publisher.queueShard(new ShardTask(id, shard.id()));
      }
    } catch (TransientException e) {
      log.warn(
          "export {} retried; its tasks are sent when the broker is back: {}", id, e.getMessage());
    }
    return find(id);
  }

  /**
   * A run of an incremental schedule may be retried only while no later run of its schedule has
   * started: the later run began after the last completed one, so it covers these rows already.
   */
  private static void refuseOvertakenRun(Handle h, UUID id) {
    if (ScheduleRunRepository.laterRunStarted(h, id)) {
      throw new ConflictException(
          "export "
              + id
              + " is a run of an incremental schedule and a later run of it has started since;"
              + " that run covers what this one would have exported");
    }
  }

  private ExportJob find(UUID id) {
    return jobs.find(id).orElseThrow(() -> new NotFoundException("export " + id + " not found"));
  }
}
