package io.dataexporter.error;

/**
 * When a worker stops retrying a piece of work: at once for a permanent failure, else after {@code
 * maxAttempts} attempts (counted in the database, in-worker retries included). The backoff between
 * attempts is the listener container's ({@code spring.rabbitmq.listener.simple.retry}).
 *
 * @param maxAttempts attempts before the work and its export fail
 */
public record RetryPolicy(int maxAttempts) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be positive");
    }
  }

  /** Whether attempt number {@code attempt} (from 1) that failed with {@code error} is the last. */
  public boolean givesUp(Throwable error, int attempt) {
    return FailureKind.of(error) == FailureKind.PERMANENT || attempt >= maxAttempts;
  }
}
