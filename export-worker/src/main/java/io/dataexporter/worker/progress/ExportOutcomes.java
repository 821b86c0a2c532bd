package io.dataexporter.worker.progress;

import io.dataexporter.error.FailureKind;
import io.dataexporter.error.RetryPolicy;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.OutputFormat;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of an export as the workers see it: the job moved to failed or completed, one log line,
 * and the Prometheus counters and duration histogram operators alert on.
 */
public final class ExportOutcomes {
  private static final Logger log = LoggerFactory.getLogger(ExportOutcomes.class);

  /** Histogram buckets of {@code exporter_export_duration_seconds}. */
  static final Duration[] EXPORT_BUCKETS = {
    Duration.ofSeconds(1),
    Duration.ofSeconds(5),
    Duration.ofSeconds(15),
    Duration.ofSeconds(30),
    Duration.ofMinutes(1),
    Duration.ofMinutes(2),
    Duration.ofMinutes(5),
    Duration.ofMinutes(10),
    Duration.ofMinutes(30),
    Duration.ofHours(1),
    Duration.ofHours(2),
    Duration.ofHours(4)
  };

  private final ExportJobRepository jobs;
  private final MeterRegistry registry;
  private final Clock clock;

  public ExportOutcomes(ExportJobRepository jobs, MeterRegistry registry, Clock clock) {
    this.jobs = jobs;
    this.registry = registry;
    this.clock = clock;
    // from 0, so that the first export after a restart is not lost to Prometheus' rate functions
    for (OutputFormat format : OutputFormat.values()) {
      failed(format.extension());
      completedCounter(format.extension());
    }
  }

  /**
   * Counts a failed attempt at an export's planning or finalizing, and fails the export when the
   * retry policy gives up on it (a permanent error, or the attempts used up).
   *
   * @return whether to try again (the listener rethrows, so the message is retried)
   */
  public boolean failedAttempt(
      UUID exportId, ExportJobRepository.Work work, Exception error, RetryPolicy retry) {
    Optional<Integer> attempt = jobs.countFailedAttempt(exportId, work);
    if (attempt.isEmpty()) {
      return false; // deleted meanwhile
    }
    if (retry.givesUp(error, attempt.get())) {
      log.error(
          "{} failed for good at attempt {} ({} error)",
          work.label(),
          attempt.get(),
          FailureKind.of(error),
          error);
      fail(exportId, work.label() + " failed: " + error.getMessage());
      return false;
    }
    log.warn(
        "{} failed (attempt {}), will retry: {}", work.label(), attempt.get(), error.getMessage());
    return true;
  }

  /**
   * Fails the export unless it already ended.
   *
   * @return whether this call failed it
   */
  public boolean fail(UUID exportId, String reason) {
    if (!jobs.fail(exportId, reason, clock.instant())) {
      return false;
    }
    failed(jobs.find(exportId).map(ExportOutcomes::format).orElse("unknown")).increment();
    log.warn("export failed: {}", reason);
    return true;
  }

  /** Counts an export the caller just moved to completed. */
  public void completed(ExportJob job, long records, long bytes) {
    Duration took = Duration.between(job.createdAt(), clock.instant());
    completedCounter(format(job)).increment();
    Timer.builder("exporter.export.duration")
        .description("From the request to the completed export")
        .tag("format", format(job))
        .serviceLevelObjectives(EXPORT_BUCKETS)
        .register(registry)
        .record(took);
    log.info("export completed: {} records, {} bytes in {} ms", records, bytes, took.toMillis());
  }

  private Counter failed(String format) {
    return Counter.builder("exporter.exports.failed")
        .description("Exports that ended failed")
        .tag("format", format)
        .register(registry);
  }

  private Counter completedCounter(String format) {
    return Counter.builder("exporter.exports.completed")
        .description("Exports that completed")
        .tag("format", format)
        .register(registry);
  }

  private static String format(ExportJob job) {
    return job.config().outputFormat().extension();
  }
}
