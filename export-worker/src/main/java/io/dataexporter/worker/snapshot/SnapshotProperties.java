package io.dataexporter.worker.snapshot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How workers hold the snapshots exports read.
 *
 * @param holders workers that hold each running export's snapshot open at once (each with one
 *     database connection); the export is re-planned only when all of them die before another
 *     worker has joined
 * @param keepEvery how often a worker renews what it holds, joins exports with too few holders and
 *     re-plans exports whose snapshot is lost
 * @param lease how long a holder counts as alive without renewing
 * @param holdAfterFailure how long the snapshot of a failed export is kept, so that a retry in that
 *     time keeps its completed shards (a later retry re-plans the export at a new moment)
 */
@ConfigurationProperties("exporter.worker.snapshot")
public record SnapshotProperties(
    @DefaultValue("2") int holders,
    @DefaultValue("2s") Duration keepEvery,
    @DefaultValue("20s") Duration lease,
    @DefaultValue("15m") Duration holdAfterFailure) {

  public SnapshotProperties {
    if (holders < 1) {
      throw new IllegalArgumentException("exporter.worker.snapshot.holders must be at least 1");
    }
    if (keepEvery.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "exporter.worker.snapshot.keep-every must be shorter than its lease");
    }
  }
}
