package io.dataexporter.worker.schedule;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Jdbi;

/**
 * Schedule figures read from the database (every worker reports the same values; aggregate them
 * with {@code max}), refreshed at most every few seconds:
 *
 * <ul>
 *   <li>{@code exporter_schedule_runs_finished_total{outcome}}: runs that completed, failed or were
 *       cancelled (a counter of the table: deleting a schedule takes its runs off);
 *   <li>{@code exporter_schedules_failing}: enabled schedules whose latest finished run failed;
 *   <li>{@code exporter_schedules_overdue_seconds}: how long the oldest due fire time has waited
 *       for its run to start (not yet fired, or a run waiting although nothing of its schedule
 *       runs), 0 when none. Backfill runs, which wait their turn by design, do not count.
 * </ul>
 */
public final class ScheduleGauges {
  private static final Duration REFRESH = Duration.ofSeconds(5);
  private static final String FIGURES =
      """
      SELECT
        (SELECT count(*) FROM exporter.schedule_runs WHERE status = 'completed') AS completed,
        (SELECT count(*) FROM exporter.schedule_runs WHERE status = 'failed') AS failed,
        (SELECT count(*) FROM exporter.schedule_runs WHERE status = 'cancelled') AS cancelled,
        (SELECT count(*) FROM exporter.schedules s WHERE s.enabled AND
           (SELECT r.status FROM exporter.schedule_runs r
             WHERE r.schedule_id = s.id AND r.status IN ('completed', 'failed', 'cancelled')
             ORDER BY r.id DESC LIMIT 1) = 'failed') AS failing,
        least(
          (SELECT min(next_fire_at) FROM exporter.schedules WHERE enabled),
          (SELECT min(r.created_at) FROM exporter.schedule_runs r
            WHERE r.status = 'waiting' AND r.trigger <> 'backfill'
              AND NOT EXISTS (SELECT 1 FROM exporter.schedule_runs o
                               WHERE o.schedule_id = r.schedule_id
                                 AND o.status IN ('pending', 'running', 'finalizing')))
        ) AS oldest_due
      """;

  private record Figures(Instant at, Map<String, Object> values) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final AtomicReference<Figures> last = new AtomicReference<>();

  public ScheduleGauges(Jdbi jdbi, Clock clock, MeterRegistry registry) {
    this.jdbi = jdbi;
    this.clock = clock;
    for (String outcome : new String[] {"completed", "failed", "cancelled"}) {
      FunctionCounter.builder("exporter.schedule.runs.finished", this, g -> g.number(outcome))
          .description("Schedule runs finished, by outcome")
          .tag("outcome", outcome)
          .register(registry);
    }
    Gauge.builder("exporter.schedules.failing", this, g -> g.number("failing"))
        .description("Enabled schedules whose latest finished run failed")
        .register(registry);
    Gauge.builder("exporter.schedules.overdue", this, ScheduleGauges::overdueSeconds)
        .description("Seconds the oldest due fire time has waited for its run to start")
        .baseUnit("seconds")
        .register(registry);
  }

  private double number(String name) {
    Object value = figures().get(name);
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  private double overdueSeconds() {
    Object oldest = figures().get("oldest_due");
    if (oldest == null) {
      return 0;
    }
    Instant due = ((java.time.OffsetDateTime) oldest).toInstant();
    double seconds = Duration.between(due, clock.instant()).toMillis() / 1000.0;
    return Math.max(0, seconds);
  }

  private Map<String, Object> figures() {
    Instant now = clock.instant();
    Figures current = last.get();
    if (current == null || current.at().plus(REFRESH).isBefore(now)) {
      try {
        Map<String, Object> values =
            jdbi.withHandle(
                h ->
                    h.createQuery(FIGURES)
                        .map(
                            (rs, ctx) -> {
                              Map<String, Object> row = new java.util.HashMap<>();
                              for (String c :
                                  new String[] {"completed", "failed", "cancelled", "failing"}) {
                                row.put(c, rs.getLong(c));
                              }
                              row.put(
                                  "oldest_due",
                                  rs.getObject("oldest_due", java.time.OffsetDateTime.class));
                              return row;
                            })
                        .one());
        current = new Figures(now, values);
        last.set(current);
      } catch (RuntimeException e) {
        return current == null ? Map.of() : current.values();
      }
    }
    return current.values();
  }
}
