package io.dataexporter.gateway.auth;

import io.dataexporter.audit.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Authentication failures: counted in {@code exporter.auth.failures} at once, audited in aggregate
 * later. A 401 only touches memory; one audit row per source address and window (a minute by
 * default) is written by {@link #flushClosed()} once the window has closed, with the count and the
 * first path (at most {@value #MAX_PATH} characters). At most {@value #MAX_SOURCES} sources are
 * tallied per window; failures from further sources share one row with the address {@code other}.
 */
public final class AuthenticationFailures {
  static final int MAX_PATH = 200;
  static final int MAX_SOURCES = 10_000;
  private static final Logger log = LoggerFactory.getLogger(AuthenticationFailures.class);
  private static final String OTHER = "other";

  private record Window(String address, Instant start) {}

  private record Tally(AtomicLong count, String path, String reason) {}

  private final Map<Window, Tally> open = new ConcurrentHashMap<>();
  private final AuditLog audit;
  private final Duration window;
  private final Clock clock;
  private final Counter missing;
  private final Counter invalid;

  public AuthenticationFailures(
      AuditLog audit, Duration window, Clock clock, MeterRegistry registry) {
    this.audit = audit;
    this.window = window;
    this.clock = clock;
    this.missing = counter(registry, "missing_token");
    this.invalid = counter(registry, "invalid_token");
  }

  private static Counter counter(MeterRegistry registry, String reason) {
    return Counter.builder("exporter.auth.failures")
        .description("Requests refused with 401")
        .tag("reason", reason)
        .register(registry);
  }

  /** One failed request: no token at all ({@code tokenSent} false) or one that is not valid. */
  public void record(String address, String path, boolean tokenSent) {
    (tokenSent ? invalid : missing).increment();
    long millis = window.toMillis();
    Instant start = Instant.ofEpochMilli(clock.millis() / millis * millis);
    Window key = new Window(address == null ? "unknown" : address, start);
    if (!open.containsKey(key) && open.size() >= MAX_SOURCES) {
      key = new Window(OTHER, start);
    }
    String bounded = path == null ? "" : path.substring(0, Math.min(path.length(), MAX_PATH));
    String reason = tokenSent ? "invalid token" : "no token";
    open.computeIfAbsent(key, k -> new Tally(new AtomicLong(), bounded, reason))
        .count()
        .incrementAndGet();
  }

  /** Writes the windows that closed at least a second ago (a late increment still lands). */
  @Scheduled(fixedDelay = 1000)
  public void flushClosed() {
    flush(clock.instant().minus(window).minusSeconds(1));
  }

  /** Writes every window, closed or not (at shutdown). */
  public void flushAll() {
    flush(Instant.MAX);
  }

  private void flush(Instant startedBefore) {
    for (Map.Entry<Window, Tally> entry : open.entrySet()) {
      Window key = entry.getKey();
      if (!key.start().isBefore(startedBefore) || !open.remove(key, entry.getValue())) {
        continue;
      }
      long count = entry.getValue().count().get();
      String detail =
          count
              + (count == 1 ? " failed attempt" : " failed attempts")
              + " in "
              + window.toSeconds()
              + " s from "
              + key.start()
              + " (first: "
              + entry.getValue().reason()
              + ")";
      try {
        audit.record(
            "anonymous",
            "authentication_failed",
            entry.getValue().path(),
            detail,
            key.address(),
            key.start());
      } catch (RuntimeException e) {
        log.warn("authentication failures not audited ({}): {} from {}", e, detail, key.address());
      }
    }
  }

  /** Windows waiting to be written (for tests and the gauge). */
  public int pending() {
    return open.size();
  }
}
