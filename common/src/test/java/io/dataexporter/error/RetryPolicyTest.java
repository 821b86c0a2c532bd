package io.dataexporter.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.exc.StreamWriteException;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(6);

  @Test
  void a_permanent_error_gives_up_at_the_first_attempt() {
    assertThat(policy.givesUp(new PermanentException("bad transformation"), 1)).isTrue();
    SQLException unknownColumn = new SQLException("column \"gone\" does not exist", "42703");
    assertThat(policy.givesUp(new RuntimeException("reading failed", unknownColumn), 1)).isTrue();
  }

  @Test
  void a_transient_error_is_retried_until_the_last_attempt() {
    RuntimeException lostConnection =
        new RuntimeException("read failed", new SQLException("connection reset", "08006"));
    assertThat(policy.givesUp(lostConnection, 1)).isFalse();
    assertThat(policy.givesUp(lostConnection, 5)).isFalse();
    assertThat(policy.givesUp(lostConnection, 6)).isTrue();
    assertThat(policy.givesUp(new UncheckedIOException(new IOException("store away")), 1))
        .isFalse();
  }

  @Test
  void errors_are_classified_by_the_first_telling_cause() {
    assertThat(FailureKind.of(new IllegalStateException("who knows")))
        .as("the unknown is retried, as before")
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureKind.of(new TransientException("broker away", null)))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureKind.of(new SQLException("deadlock detected", "40P01")))
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureKind.of(new SQLException("division by zero", "22012")))
        .as("data errors may depend on state outside the snapshot")
        .isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureKind.of(new InvalidRequestException("field", "bad")))
        .isEqualTo(FailureKind.PERMANENT);
    assertThat(FailureKind.of(new StreamWriteException((JsonGenerator) null, "cannot serialize")))
        .isEqualTo(FailureKind.PERMANENT);
  }
}
