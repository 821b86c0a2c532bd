package io.dataexporter.gateway.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class UsageQueryTest {
  // 23:30 in UTC is already the next day east of it: "today" is the UTC date
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T23:30:00Z"), ZoneOffset.ofHours(5));

  @Test
  void by_default_it_covers_the_last_30_utc_days_by_day_for_everyone() {
    UsageQuery query = UsageQuery.parse(null, null, null, null, CLOCK);
    assertThat(query.to()).isEqualTo(LocalDate.parse("2026-11-29"));
    assertThat(query.from()).isEqualTo(LocalDate.parse("2026-10-31"));
    assertThat(query.bucket()).isEqualTo(UsageBucket.DAY);
    assertThat(query.user()).isNull();
  }

  @Test
  void a_range_of_400_days_is_allowed_and_401_is_not() {
    assertThat(UsageQuery.parse("2025-01-01", "2026-02-04", "month", "ann", CLOCK).bucket())
        .isEqualTo(UsageBucket.MONTH);
    assertThat(fields(() -> UsageQuery.parse("2025-01-01", "2026-02-05", null, null, CLOCK)))
        .containsExactly("to");
  }

  @Test
  void a_default_from_follows_the_given_to() {
    assertThat(UsageQuery.parse(null, "2026-01-10", "week", null, CLOCK).from())
        .isEqualTo(LocalDate.parse("2025-12-12"));
  }

  @Test
  void every_bad_parameter_is_named_at_once() {
    assertThat(fields(() -> UsageQuery.parse("2026-13-01", "soon", "year", " ", CLOCK)))
        .containsExactly("to", "from", "bucket", "user");
    assertThat(fields(() -> UsageQuery.parse("2026-11-02", "2026-11-01", null, null, CLOCK)))
        .containsExactly("from");
  }

  private static List<String> fields(ThrowingCallable parse) {
    InvalidRequestException e = catchThrowableOfType(InvalidRequestException.class, parse);
    assertThat(e).as("a 400").isNotNull();
    return e.errors().stream().map(FieldError::field).toList();
  }

  @Test
  void parse_throws_the_projects_400() {
    assertThatThrownBy(() -> UsageQuery.parse(null, null, "hour", null, CLOCK))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("bucket: must be one of [day, week, month]");
  }
}
