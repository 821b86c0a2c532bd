package io.dataexporter.schedule;

import io.dataexporter.error.ConflictException;
import io.dataexporter.error.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** Runs a user asks for: run now, and a backfill of past windows. */
public final class AddScheduleRuns {
  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private final Jdbi jdbi;
  private final ScheduleRepository schedules;
  private final StartScheduleRun start;
  private final ScheduleProperties properties;
  private final Clock clock;

  public AddScheduleRuns(
      Jdbi jdbi,
      ScheduleRepository schedules,
      StartScheduleRun start,
      ScheduleProperties properties,
      Clock clock) {
    this.jdbi = jdbi;
    this.schedules = schedules;
    this.start = start;
    this.properties = properties;
    this.clock = clock;
  }

  /** What run now made. */
  public record Started(long runId, UUID exportId) {}

  /**
   * Starts a run for now (window mode: the window ending now less the lag). An incremental schedule
   * with a run unfinished or waiting answers with a conflict: its runs never overlap.
   */
  public Started runNow(UUID scheduleId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    long[] runId = new long[1];
    UUID exportId =
        start
            .addAndStart(
                h -> {
                  Schedule schedule =
                      schedules
                          .lock(h, scheduleId)
                          .orElseThrow(() -> new ConflictException("the schedule was deleted"));
                  if (schedule.incremental()
                      && (ScheduleRunRepository.unfinished(h, scheduleId, null) > 0
                          || ScheduleRunRepository.hasWaiting(h, scheduleId))) {
                    throw new ConflictException(
                        "a run of this incremental schedule is still waiting or running; its runs"
                            + " never overlap, so the next one covers what arrived meanwhile");
                  }
                  runId[0] =
                      ScheduleRunRepository.insertWaiting(
                              h,
                              scheduleId,
                              now,
                              ScheduleRun.MANUAL,
                              schedule.chain(),
                              schedule.incremental() ? null : schedule.windowOf(now),
                              now)
                          .orElseThrow();
                  return runId[0];
                })
            .orElseThrow(() -> new ConflictException("the run could not start"));
    return new Started(runId[0], exportId);
  }

  /**
   * Adds a waiting backfill run for every window of a window schedule inside {@code [from, to]}:
   * each fire time F of the cron with {@code F - window - lag >= from} and {@code F - lag <= to},
   * except fire times that have a run completed or under way. They start a bounded number at a
   * time. Returns the new runs' ids, oldest first.
   */
  public List<Long> backfill(UUID scheduleId, Instant from, Instant to) {
    return jdbi.inTransaction(
        h -> {
          Schedule schedule =
              schedules
                  .lock(h, scheduleId)
                  .orElseThrow(() -> new ConflictException("the schedule was deleted"));
          if (schedule.incremental()) {
            throw new ConflictException(
                "backfill is for window schedules; an incremental schedule's runs already cover"
                    + " everything since its start_date");
          }
          CronSchedule cron = schedule.cronSchedule();
          Instant firstFire = from.plus(schedule.window()).plus(schedule.lag());
          // only fire times that have come: a later one is the cron's to fire
          Instant lastFire = min(to.plus(schedule.lag()), clock.instant());
          int limit = properties.maxBackfillRuns();
          List<Instant> fireTimes = cron.between(firstFire.minusNanos(1), lastFire, limit + 1);
          if (fireTimes.size() > limit) {
            throw new InvalidRequestException(
                "end_date",
                "the range holds more than " + limit + " windows; backfill it in parts");
          }
          Set<Instant> covered =
              new HashSet<>(ScheduleRunRepository.coveredFireTimes(h, scheduleId));
          Instant now = clock.instant();
          List<Long> ids = new ArrayList<>();
          for (Instant fireTime : fireTimes) {
            if (!covered.contains(fireTime)) {
              ScheduleRunRepository.insertWaiting(
                      h,
                      scheduleId,
                      fireTime,
                      ScheduleRun.BACKFILL,
                      schedule.chain(),
                      schedule.windowOf(fireTime),
                      now)
                  .ifPresent(ids::add);
            }
          }
          return ids;
        });
  }
}
