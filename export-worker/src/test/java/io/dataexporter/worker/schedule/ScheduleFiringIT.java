package io.dataexporter.worker.schedule;

import static io.dataexporter.testsupport.jobs.ExportBuilder.anExport;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.error.ConflictException;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.schedule.AddScheduleRuns;
import io.dataexporter.schedule.Misfire;
import io.dataexporter.schedule.Schedule;
import io.dataexporter.schedule.ScheduleMode;
import io.dataexporter.schedule.ScheduleProperties;
import io.dataexporter.schedule.ScheduleRepository;
import io.dataexporter.schedule.ScheduleRun;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.testsupport.TestServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Firing against real PostgreSQL: several processes firing at once make one run per fire time;
 * missed fire times follow the misfire policy; an incremental schedule keeps one waiting run;
 * backfill makes one run per window and skips windows already covered.
 */
class ScheduleFiringIT {
  private static final ScheduleProperties PROPERTIES =
      new ScheduleProperties(Duration.ofSeconds(1), Duration.ofMinutes(1), 2, 50, 100);
  private static Jdbi jdbi;
  private static ScheduleRepository schedules;
  private static ScheduleRunRepository runs;

  @BeforeAll
  static void migrate() {
    TestServices services = TestServices.get().withDatabase("exporter_test_schedules");
    Flyway.configure()
        .dataSource(services.jdbcUrl(), "postgres", "")
        .schemas("exporter")
        .defaultSchema("exporter")
        .cleanDisabled(false)
        .load()
        .migrate();
    jdbi = Jdbi.create(services.jdbcUrl(), "postgres", "");
    schedules = new ScheduleRepository(jdbi, new ExportConfigCodec(JsonMapper.builder().build()));
    runs = new ScheduleRunRepository(jdbi, JsonMapper.builder().build());
  }

  private static Schedule schedule(
      String cron, ScheduleMode mode, Misfire misfire, Instant nextFireAt) {
    return schedule(cron, mode, misfire, nextFireAt, ZoneId.of("UTC"));
  }

  private static Schedule schedule(
      String cron, ScheduleMode mode, Misfire misfire, Instant nextFireAt, ZoneId zone) {
    Instant now = Instant.now();
    Schedule s =
        new Schedule(
            UUID.randomUUID(),
            "alice",
            "s-" + UUID.randomUUID(),
            cron,
            zone,
            mode,
            mode == ScheduleMode.WINDOW ? Duration.ofMinutes(5) : null,
            Duration.ofMinutes(1),
            misfire,
            anExport().withDataTypes("logs").request(),
            null,
            true,
            null,
            0,
            nextFireAt,
            now,
            now);
    schedules.insert(s);
    return s;
  }

  private static FireSchedules firing() {
    return new FireSchedules(jdbi, schedules, PROPERTIES, new SimpleMeterRegistry());
  }

  private static List<ScheduleRun> runsOf(Schedule s) {
    return runs.list(s.id(), 10_000, 0);
  }

  @Test
  void four_processes_firing_at_once_make_one_run_per_fire_time() throws Exception {
    Instant now = Instant.parse("2026-11-29T10:00:30Z");
    List<Schedule> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // due at 10:00 (on time) with fire times every minute
      many.add(
          schedule(
              "* * * * *",
              ScheduleMode.WINDOW,
              Misfire.RUN_ONCE,
              Instant.parse("2026-11-29T10:00:00Z")));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    for (int p = 0; p < 4; p++) {
      FireSchedules process = firing();
      Callable<Integer> fire =
          () -> {
            go.await();
            int added = 0;
            for (int round = 0; round < 5; round++) {
              added += process.fire(now);
            }
            return added;
          };
      results.add(pool.submit(fire));
    }
    go.countDown();
    int added = 0;
    for (Future<Integer> f : results) {
      added += f.get();
    }
    pool.shutdown();
    assertThat(added).isEqualTo(20);
    for (Schedule s : many) {
      assertThat(runsOf(s))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.fireTime()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
                assertThat(r.trigger()).isEqualTo("cron");
                assertThat(r.status()).isEqualTo("waiting");
                // window [F - window - lag, F - lag)
                assertThat(r.windowStart()).isEqualTo(Instant.parse("2026-11-29T09:54:00Z"));
                assertThat(r.windowEnd()).isEqualTo(Instant.parse("2026-11-29T09:59:00Z"));
              });
      assertThat(schedules.find(s.id()).orElseThrow().nextFireAt())
          .isEqualTo(Instant.parse("2026-11-29T10:01:00Z"));
    }
  }

  @Test
  void across_both_daylight_saving_changes_a_berlin_nightly_schedule_fires_once_a_night()
      throws Exception {
    Instant start = Instant.parse("2026-03-28T12:00:00Z");
    Schedule spring = daily("30 2 * * *", ZoneId.of("Europe/Berlin"));
    Schedule autumn = daily("30 2 * * *", ZoneId.of("Europe/Berlin"));
    setNext(spring, spring.cronSchedule().next(start));
    Instant autumnStart = Instant.parse("2026-10-24T12:00:00Z");
    setNext(autumn, autumn.cronSchedule().next(autumnStart));
    FireSchedules firing = firing();
    // the workers tick all through both nights (every 5 minutes here)
    for (Instant t = start; t.isBefore(start.plus(Duration.ofDays(2))); t = t.plusSeconds(300)) {
      firing.fire(t);
    }
    setNext(spring, null);
    for (Instant t = autumnStart;
        t.isBefore(autumnStart.plus(Duration.ofDays(2)));
        t = t.plusSeconds(300)) {
      firing.fire(t);
    }
    // a day-long window's days are local days: consecutive windows meet across both changes
    for (Schedule s : List.of(spring, autumn)) {
      List<ScheduleRun> nightly = new ArrayList<>(runsOf(s));
      nightly.sort(java.util.Comparator.comparing(ScheduleRun::fireTime));
      assertThat(nightly.get(0).windowEnd()).isEqualTo(nightly.get(1).windowStart());
    }
    assertThat(
            Duration.between(
                runsOf(autumn).get(0).windowStart(), runsOf(autumn).get(0).windowEnd()))
        .isEqualTo(Duration.ofHours(25));
    // 02:30 does not exist on March 29th: it fires once, at 03:30 CEST
    assertThat(runsOf(spring))
        .extracting(ScheduleRun::fireTime)
        .containsExactlyInAnyOrder(
            Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
    // 02:30 happens twice on October 25th: it fires once, at the first
    assertThat(runsOf(autumn))
        .extracting(ScheduleRun::fireTime)
        .containsExactlyInAnyOrder(
            Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
  }

  private static Schedule daily(String cron, ZoneId zone) {
    Instant now = Instant.now();
    Schedule s =
        new Schedule(
            UUID.randomUUID(),
            "alice",
            "d-" + UUID.randomUUID(),
            cron,
            zone,
            ScheduleMode.WINDOW,
            Duration.ofDays(1),
            Duration.ZERO,
            Misfire.RUN_ONCE,
            anExport().withDataTypes("logs").request(),
            null,
            true,
            null,
            0,
            null,
            now,
            now);
    schedules.insert(s);
    return s;
  }

  private static void setNext(Schedule s, Instant next) {
    jdbi.useHandle(h -> ScheduleRepository.advance(h, s.id(), next));
  }

  @Test
  void after_downtime_run_once_makes_one_run_for_the_latest_missed_fire_time() {
    Schedule s =
        schedule(
            "*/5 * * * *",
            ScheduleMode.WINDOW,
            Misfire.RUN_ONCE,
            Instant.parse("2026-11-29T07:00:00Z"));
    // three hours down: 36 fire times missed; 10:02 now
    firing().fire(Instant.parse("2026-11-29T10:02:00Z"));
    assertThat(runsOf(s))
        .extracting(ScheduleRun::fireTime)
        .containsExactly(Instant.parse("2026-11-29T10:00:00Z"));
    assertThat(schedules.find(s.id()).orElseThrow().nextFireAt())
        .isEqualTo(Instant.parse("2026-11-29T10:05:00Z"));
  }

  @Test
  void after_a_year_down_a_schedule_runs_its_latest_missed_fire_time_once_and_goes_on() {
    Schedule s =
        schedule(
            "* * * * *",
            ScheduleMode.WINDOW,
            Misfire.RUN_ONCE,
            Instant.parse("2025-11-29T10:00:00Z"));
    firing().fire(Instant.parse("2026-11-29T10:02:30Z"));
    // 10:01 is the latest missed (older than misfire-after), 10:02 is on time
    assertThat(runsOf(s))
        .extracting(ScheduleRun::fireTime)
        .containsExactly(
            Instant.parse("2026-11-29T10:02:00Z"), Instant.parse("2026-11-29T10:01:00Z"));
    Schedule monthly =
        schedule(
            "0 0 1 * *",
            ScheduleMode.WINDOW,
            Misfire.RUN_ONCE,
            Instant.parse("2025-11-01T00:00:00Z"));
    firing().fire(Instant.parse("2026-11-29T10:02:30Z"));
    assertThat(runsOf(monthly))
        .extracting(ScheduleRun::fireTime)
        .containsExactly(Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void after_downtime_skip_makes_no_run_and_goes_on_from_the_next_fire_time() {
    Schedule s =
        schedule(
            "*/5 * * * *",
            ScheduleMode.WINDOW,
            Misfire.SKIP,
            Instant.parse("2026-11-29T07:00:00Z"));
    firing().fire(Instant.parse("2026-11-29T10:02:00Z"));
    assertThat(runsOf(s)).isEmpty();
    assertThat(schedules.find(s.id()).orElseThrow().nextFireAt())
        .isEqualTo(Instant.parse("2026-11-29T10:05:00Z"));
    // the next fire time is on time again: it runs
    firing().fire(Instant.parse("2026-11-29T10:05:01Z"));
    assertThat(runsOf(s))
        .extracting(ScheduleRun::fireTime)
        .containsExactly(Instant.parse("2026-11-29T10:05:00Z"));
  }

  @Test
  void a_paused_schedule_does_not_fire() {
    Schedule s =
        schedule(
            "* * * * *",
            ScheduleMode.WINDOW,
            Misfire.RUN_ONCE,
            Instant.parse("2026-11-29T10:00:00Z"));
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE exporter.schedules SET enabled = false, next_fire_at = NULL WHERE id = :id")
                .bind("id", s.id())
                .execute());
    firing().fire(Instant.parse("2026-11-29T10:30:00Z"));
    assertThat(runsOf(s)).isEmpty();
  }

  @Test
  void an_incremental_schedule_keeps_one_waiting_run_whatever_fires_meanwhile() {
    Schedule s =
        schedule(
            "* * * * *",
            ScheduleMode.INCREMENTAL,
            Misfire.RUN_ONCE,
            Instant.parse("2026-11-29T10:00:00Z"));
    FireSchedules firing = firing();
    for (int minute = 0; minute < 5; minute++) {
      firing.fire(Instant.parse("2026-11-29T10:00:10Z").plus(Duration.ofMinutes(minute)));
    }
    assertThat(runsOf(s))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.fireTime()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
              assertThat(r.windowStart()).isNull();
            });
    assertThat(schedules.find(s.id()).orElseThrow().nextFireAt())
        .isEqualTo(Instant.parse("2026-11-29T10:05:00Z"));
  }

  @Test
  void backfill_adds_one_run_per_window_and_skips_windows_already_covered() {
    Schedule s =
        schedule(
            "0 * * * *",
            ScheduleMode.WINDOW,
            Misfire.RUN_ONCE,
            Instant.parse("2030-01-01T00:00:00Z"));
    Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
    AddScheduleRuns add = new AddScheduleRuns(jdbi, schedules, null, PROPERTIES, clock);
    // hourly fire times, 5-minute windows lagging 1 minute: F in [00:06, 03:01] -> 01:00..03:00
    List<Long> first =
        add.backfill(
            s.id(), Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-28T03:00:00Z"));
    assertThat(first).hasSize(3);
    assertThat(runsOf(s))
        .extracting(ScheduleRun::windowStart)
        .containsExactlyInAnyOrder(
            Instant.parse("2026-11-28T00:54:00Z"),
            Instant.parse("2026-11-28T01:54:00Z"),
            Instant.parse("2026-11-28T02:54:00Z"));
    List<Long> again =
        add.backfill(
            s.id(), Instant.parse("2026-11-28T00:00:00Z"), Instant.parse("2026-11-28T05:00:00Z"));
    assertThat(again).hasSize(2);
    assertThat(runsOf(s)).extracting(ScheduleRun::trigger).containsOnly("backfill").hasSize(5);
    assertThatThrownBy(
            () ->
                add.backfill(
                    s.id(),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-11-01T00:00:00Z")))
        .hasMessageContaining("more than 50 windows");
  }

  @Test
  void backfill_of_an_incremental_schedule_is_a_conflict() {
    Schedule s =
        schedule(
            "0 * * * *",
            ScheduleMode.INCREMENTAL,
            Misfire.RUN_ONCE,
            Instant.parse("2030-01-01T00:00:00Z"));
    AddScheduleRuns add = new AddScheduleRuns(jdbi, schedules, null, PROPERTIES, Clock.systemUTC());
    assertThatThrownBy(
            () ->
                add.backfill(
                    s.id(),
                    Instant.parse("2026-11-28T00:00:00Z"),
                    Instant.parse("2026-11-29T00:00:00Z")))
        .isInstanceOf(ConflictException.class);
  }
}
