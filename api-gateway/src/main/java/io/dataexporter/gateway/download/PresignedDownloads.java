package io.dataexporter.gateway.download;

import io.dataexporter.error.ConflictException;
import io.dataexporter.error.NotFoundException;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportStatus;
import io.dataexporter.storage.ObjectStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Signs short-lived GET URLs for a completed export's files; signed afresh on every call. */
public final class PresignedDownloads {
  private final ObjectStore store;
  private final Duration expiry;
  private final Clock clock;
  private final MeterRegistry registry;

  public PresignedDownloads(
      ObjectStore store, Duration expiry, Clock clock, MeterRegistry registry) {
    this.store = store;
    this.expiry = expiry;
    this.clock = clock;
    this.registry = registry;
  }

  public DownloadListing listing(ExportJob job) {
    requireCompleted(job);
    Instant expiresAt = clock.instant().plus(expiry);
    List<DownloadListing.File> files =
        job.files().stream()
            .map(
                f ->
                    new DownloadListing.File(
                        f.dataType(),
                        f.name(),
                        f.kind(),
                        sign(f.key(), f.kind()),
                        f.size(),
                        f.records(),
                        f.sha256()))
            .toList();
    return new DownloadListing(
        job.id().toString(), expiresAt.toString(), files, sign(job.manifestKey(), "manifest"));
  }

  public String urlFor(ExportJob job, String dataType) {
    requireCompleted(job);
    ExportFile file =
        job.files().stream()
            .filter(f -> f.isData() && dataType.equals(f.dataType()))
            .findFirst()
            .orElseThrow(
                () ->
                    new NotFoundException("export " + job.id() + " has no " + dataType + " file"));
    return sign(file.key(), file.kind());
  }

  /**
   * @param kind data, rejected or manifest
   */
  private String sign(String key, String kind) {
    String url = store.presignedGet(key, expiry);
    Counter.builder("exporter.presigned.urls")
        .description("Presigned download URLs signed")
        .tag("kind", kind)
        .register(registry)
        .increment();
    return url;
  }

  private static void requireCompleted(ExportJob job) {
    if (job.status() != ExportStatus.COMPLETED) {
      throw new ConflictException(
          "export "
              + job.id()
              + " is "
              + job.status().wire()
              + "; files are available once it is completed");
    }
  }
}
