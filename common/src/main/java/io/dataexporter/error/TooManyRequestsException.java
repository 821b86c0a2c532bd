package io.dataexporter.error;

import java.time.Duration;

/** The service is at its limit of concurrent work; maps to 429 with {@code Retry-After}. */
public class TooManyRequestsException extends RuntimeException {
  private final Duration retryAfter;

  public TooManyRequestsException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
