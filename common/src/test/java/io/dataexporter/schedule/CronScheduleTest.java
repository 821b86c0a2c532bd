package io.dataexporter.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @Test
  void a_daily_time_fires_at_that_local_time() {
    CronSchedule cron = CronSchedule.parse("30 2 * * *", BERLIN);
    assertThat(cron.next(Instant.parse("2026-01-10T12:00:00Z")))
        .isEqualTo(Instant.parse("2026-01-11T01:30:00Z"));
  }

  @Test
  void a_local_time_skipped_by_the_spring_forward_jump_fires_once_that_day() {
    // 2026-03-29: Berlin jumps from 02:00 to 03:00; 02:30 does not exist that day
    CronSchedule cron = CronSchedule.parse("30 2 * * *", BERLIN);
    List<Instant> times = cron.next(Instant.parse("2026-03-27T12:00:00Z"), 4);
    assertThat(times)
        .extracting(t -> t.atZone(BERLIN).toLocalDate().toString())
        .containsExactly("2026-03-28", "2026-03-29", "2026-03-30", "2026-03-31");
    assertThat(times.get(0)).isEqualTo(Instant.parse("2026-03-28T01:30:00Z"));
    assertThat(times.get(1)).isEqualTo(Instant.parse("2026-03-29T01:30:00Z")); // 03:30 CEST
    assertThat(times.get(2)).isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
  }

  @Test
  void a_local_time_the_clock_passes_twice_fires_once() {
    // 2026-10-25: Berlin goes back from 03:00 to 02:00; 02:30 happens twice
    CronSchedule cron = CronSchedule.parse("30 2 * * *", BERLIN);
    List<Instant> times = cron.next(Instant.parse("2026-10-24T12:00:00Z"), 3);
    assertThat(times)
        .containsExactly(
            Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-10-26T01:30:00Z"),
            Instant.parse("2026-10-27T01:30:00Z"));
  }

  @Test
  void an_hourly_schedule_skips_the_repeated_hour_and_fires_in_the_jumped_one_never_twice() {
    CronSchedule cron = CronSchedule.parse("@hourly", BERLIN);
    List<Instant> autumn =
        cron.between(
            Instant.parse("2026-10-24T22:30:00Z"), Instant.parse("2026-10-25T03:30:00Z"), 100);
    assertThat(autumn)
        .extracting(t -> t.atZone(BERLIN).toLocalTime().toString())
        .containsExactly("01:00", "02:00", "03:00", "04:00");
    List<Instant> spring =
        cron.between(
            Instant.parse("2026-03-28T23:30:00Z"), Instant.parse("2026-03-29T03:30:00Z"), 100);
    assertThat(spring)
        .extracting(t -> t.atZone(BERLIN).toLocalTime().toString())
        .containsExactly("01:00", "03:00", "04:00", "05:00");
  }

  @Test
  void day_of_month_and_day_of_week_together_fire_on_either_as_unix_cron_does() {
    CronSchedule cron = CronSchedule.parse("0 0 1 * MON", ZoneOffset.UTC);
    // 2026-06-01 is a Monday; then Mondays 8, 15, 22, 29, then July 1st (a Wednesday)
    assertThat(cron.next(Instant.parse("2026-05-31T12:00:00Z"), 6))
        .extracting(t -> t.toString().substring(0, 10))
        .containsExactly(
            "2026-06-01", "2026-06-08", "2026-06-15", "2026-06-22", "2026-06-29", "2026-07-01");
  }

  @Test
  void a_day_field_starting_with_a_star_does_not_restrict_as_in_unix_cron() {
    // */1 in day of month is unrestricted: only Mondays fire
    assertThat(
            CronSchedule.parse("0 0 */1 * MON", ZoneOffset.UTC)
                .next(Instant.parse("2026-11-29T12:00:00Z"), 2))
        .containsExactly(
            Instant.parse("2026-11-30T00:00:00Z"), Instant.parse("2026-12-07T00:00:00Z"));
  }

  @Test
  void macros_and_sunday_as_zero_or_seven() {
    Instant from = Instant.parse("2026-11-29T10:00:00Z"); // a Sunday
    assertThat(CronSchedule.parse("@daily", ZoneOffset.UTC).next(from))
        .isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
    assertThat(CronSchedule.parse("@weekly", ZoneOffset.UTC).next(from))
        .isEqualTo(Instant.parse("2026-12-06T00:00:00Z"));
    assertThat(CronSchedule.parse("@monthly", ZoneOffset.UTC).next(from))
        .isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(CronSchedule.parse("0 12 * * 7", ZoneOffset.UTC).next(from))
        .isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
    assertThat(CronSchedule.parse("*/15 * * * *", ZoneOffset.UTC).next(from, 2))
        .containsExactly(
            Instant.parse("2026-11-29T10:15:00Z"), Instant.parse("2026-11-29T10:30:00Z"));
  }

  @Test
  void a_leap_day_fires_every_four_years() {
    assertThat(
            CronSchedule.parse("0 0 29 2 *", ZoneOffset.UTC)
                .next(Instant.parse("2026-11-29T00:00:00Z")))
        .isEqualTo(Instant.parse("2028-02-29T00:00:00Z"));
  }

  @Test
  void invalid_expressions_are_refused_with_a_reason() {
    for (String bad :
        List.of(
            "",
            "* * * *",
            "0 0 * * * *",
            "61 * * * *",
            "@every5m",
            "0 0 ? * *",
            "x y z a b",
            "0 0 30 2 *",
            "0 0 L * *")) {
      assertThatThrownBy(() -> CronSchedule.parse(bad, ZoneOffset.UTC))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining("null");
    }
  }
}
