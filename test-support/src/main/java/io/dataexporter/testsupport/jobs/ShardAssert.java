package io.dataexporter.testsupport.jobs;

import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardStatus;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a stored shard. */
public final class ShardAssert extends AbstractAssert<ShardAssert, Shard> {
  private ShardAssert(Shard actual) {
    super(actual, ShardAssert.class);
  }

  public static ShardAssert assertThat(Shard actual) {
    return new ShardAssert(actual);
  }

  public ShardAssert hasStatus(ShardStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage(
          "expected shard %d to be %s but it is %s (error: %s)",
          actual.id(), expected.wire(), actual.status().wire(), actual.errorMessage());
    }
    return this;
  }

  public ShardAssert hasAttempts(int expected) {
    isNotNull();
    if (actual.attempts() != expected) {
      failWithMessage(
          "expected shard %d at attempt %d but it is at %d",
          actual.id(), expected, actual.attempts());
    }
    return this;
  }

  public ShardAssert isHeldBy(String workerId) {
    isNotNull();
    if (!workerId.equals(actual.workerId())) {
      failWithMessage(
          "expected shard %d held by %s but it is %s", actual.id(), workerId, actual.workerId());
    }
    return this;
  }
}
