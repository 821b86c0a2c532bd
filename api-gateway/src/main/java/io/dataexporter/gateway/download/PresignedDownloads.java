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
import java.util.Map;

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
                        describesTheExport(f) ? null : f.dataType(),
                        f.name(),
                        f.name(),
                        f.kind(),
                        f.split(),
                        f.partition(),
                        sign(f.key(), f.kind()),
                        f.size(),
                        f.records(),
                        f.sha256()))
            .toList();
    return new DownloadListing(
        job.id().toString(),
        expiresAt.toString(),
        files,
        sign(job.manifestKey(), "manifest"),
        urlOfKind(job, ExportFile.CARD, files),
        urlOfKind(job, ExportFile.SCHEMA, files));
  }

  /**
   * The URL of the one data file of {@code dataType}; a type written as several files (Parquet,
   * size limits, partitions, splits) is a conflict naming the listing's route.
   */
  public String urlFor(ExportJob job, String dataType) {
    requireCompleted(job);
    List<ExportFile> matching =
        job.files().stream().filter(f -> f.isData() && dataType.equals(f.dataType())).toList();
    if (matching.isEmpty()) {
      throw new NotFoundException("export " + job.id() + " has no " + dataType + " file");
    }
    if (matching.size() > 1) {
      String listing = LISTING_ROUTE + job.id();
      throw new ConflictException(
          dataType + " has " + matching.size() + " files: list them at " + listing,
          Map.of("listing", listing));
    }
    ExportFile file = matching.get(0);
    return sign(file.key(), file.kind());
  }

  /** The route of an export's listing, followed by its id. */
  static final String LISTING_ROUTE = "/api/v1/export/download/";

  private static boolean describesTheExport(ExportFile file) {
    return ExportFile.CARD.equals(file.kind()) || ExportFile.SCHEMA.equals(file.kind());
  }

  /** The listed URL of the export's file of {@code kind} (card, schema), or null without one. */
  private static String urlOfKind(ExportJob job, String kind, List<DownloadListing.File> listed) {
    for (int i = 0; i < job.files().size(); i++) {
      if (kind.equals(job.files().get(i).kind())) {
        return listed.get(i).url();
      }
    }
    return null;
  }

  /**
   * @param kind data, rejected, card, schema or manifest
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
