package io.dataexporter.worker.schedule;

import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.schedule.StartScheduleRun;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts waiting runs that may start: oldest fire time first; once a schedule's run has to wait
 * (its previous incremental run is unfinished, or its backfill runs are at their bound), the
 * schedule's later runs of the same kind wait too.
 */
public final class StartWaitingRuns {
  private static final Logger log = LoggerFactory.getLogger(StartWaitingRuns.class);
  private static final int BATCH = 200;

  private final ScheduleRunRepository runs;
  private final StartScheduleRun start;

  public StartWaitingRuns(ScheduleRunRepository runs, StartScheduleRun start) {
    this.runs = runs;
    this.start = start;
  }

  /** Returns the runs started. */
  public int startWaiting() {
    int started = 0;
    Set<String> blocked = new HashSet<>();
    for (ScheduleRunRepository.Waiting run : runs.waiting(BATCH)) {
      String kind = run.scheduleId() + "/" + run.trigger();
      if (blocked.contains(kind)) {
        continue;
      }
      UUID exportId = start.start(run.id()).orElse(null);
      if (exportId == null) {
        blocked.add(kind);
      } else {
        started++;
        log.info(
            "schedule {} run {} ({} for {}) started export {}",
            run.scheduleId(),
            run.id(),
            run.trigger(),
            run.fireTime(),
            exportId);
      }
    }
    return started;
  }
}
