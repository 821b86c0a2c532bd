package io.dataexporter.worker.schedule;

import io.dataexporter.schedule.CronSchedule;
import io.dataexporter.schedule.Misfire;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleProperties;
import io.dataexporter.schedule.ScheduleRepository;
import io.dataexporter.schedule.ScheduleRun;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires due schedules: claims each (a row lock, skipped by other processes) whose next fire time
 * has come, adds a waiting run per fire time (the unique index on cron runs refuses a second one
 * for the same fire time, whoever tries), and moves the next fire time past now, in one
 * transaction. Fire times older than {@code misfire-after} were missed while nothing ran: {@code
 * run_once} adds one run for the latest of them, {@code skip} none. An incremental schedule has at
 * most one waiting run; fire times while it waits are merged into it.
 */
public final class FireSchedules {
  private static final Logger log = LoggerFactory.getLogger(FireSchedules.class);
  private static final int BATCH = 50;

  /** Missed fire times are walked one by one only this far back (bounded work after downtime). */
  private static final java.time.Duration LOOK_BACK = java.time.Duration.ofDays(7);

  private final Jdbi jdbi;
  private final ScheduleRepository schedules;
  private final ScheduleProperties properties;
  private final MeterRegistry registry;

  public FireSchedules(
      Jdbi jdbi,
      ScheduleRepository schedules,
      ScheduleProperties properties,
      MeterRegistry registry) {
    this.jdbi = jdbi;
    this.schedules = schedules;
    this.properties = properties;
    this.registry = registry;
  }

  /** Fires what is due at {@code now}; returns the runs added. */
  public int fire(Instant now) {
    return jdbi.inTransaction(
        h -> {
          int added = 0;
          for (Schedule schedule : schedules.lockDue(h, now, BATCH)) {
            added += fire(h, schedule, now);
          }
          return added;
        });
  }

  private int fire(Handle h, Schedule schedule, Instant now) {
    CronSchedule cron = schedule.cronSchedule();
    Instant missedBefore = now.minus(properties.misfireAfter());
    List<Instant> due = new ArrayList<>();
    Instant lastMissed = null;
    long missed = 0;
    Instant t = schedule.nextFireAt();
    Instant horizon = now.minus(LOOK_BACK);
    Instant resume = t != null && t.isBefore(horizon) ? cron.next(horizon) : null;
    if (resume != null && !resume.isAfter(now)) {
      // down for longer than the look-back and the cron fired since: older fire times count as
      // missed without walking them one by one
      missed++;
      t = resume;
    }
    while (t != null && !t.isAfter(now)) {
      if (t.isBefore(missedBefore)) {
        lastMissed = t;
        missed++;
      } else {
        due.add(t);
      }
      t = cron.next(t);
    }
    if (missed > 0) {
      log.warn(
          "schedule {} missed {} fire time(s), the latest {}; misfire policy {}",
          schedule.id(),
          missed,
          lastMissed,
          schedule.misfire().wire());
      Counter.builder("exporter.schedule.misfires")
          .description("Fire times missed while no process could fire them")
          .tag("policy", schedule.misfire().wire())
          .register(registry)
          .increment(missed);
      if (schedule.misfire() == Misfire.RUN_ONCE && lastMissed != null) {
        due.add(0, lastMissed);
      }
    }
    int added = 0;
    if (schedule.incremental()) {
      if (!due.isEmpty() && !ScheduleRunRepository.hasWaiting(h, schedule.id())) {
        Instant fireTime = due.get(due.size() - 1);
        added +=
            ScheduleRunRepository.insertWaiting(
                        h, schedule.id(), fireTime, ScheduleRun.CRON, schedule.chain(), null, now)
                    .isPresent()
                ? 1
                : 0;
      }
    } else {
      for (Instant fireTime : due) {
        added +=
            ScheduleRunRepository.insertWaiting(
                        h,
                        schedule.id(),
                        fireTime,
                        ScheduleRun.CRON,
                        schedule.chain(),
                        schedule.windowOf(fireTime),
                        now)
                    .isPresent()
                ? 1
                : 0;
      }
    }
    ScheduleRepository.advance(h, schedule.id(), t);
    return added;
  }
}
