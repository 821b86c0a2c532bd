package io.dataexporter.worker.schedule;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/** Every worker fires due schedules and starts waiting runs, every {@code poll-every}. */
public class ScheduleTicker {
  private static final Logger log = LoggerFactory.getLogger(ScheduleTicker.class);
  private final FireSchedules fire;
  private final StartWaitingRuns start;
  private final Clock clock;

  public ScheduleTicker(FireSchedules fire, StartWaitingRuns start, Clock clock) {
    this.fire = fire;
    this.start = start;
    this.clock = clock;
  }

  @Scheduled(
      fixedDelayString = "${exporter.schedules.poll-every:1s}",
      initialDelayString = "${exporter.schedules.poll-every:1s}")
  void tick() {
    try {
      fire.fire(clock.instant());
      start.startWaiting();
    } catch (RuntimeException e) {
      // the next tick tries again; nothing is half done (each step is one transaction)
      log.warn("firing schedules failed: {}", e.toString());
    }
  }
}
