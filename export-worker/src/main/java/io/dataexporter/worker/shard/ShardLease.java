package io.dataexporter.worker.shard;

import io.dataexporter.job.ExportStatus;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A worker's hold on a shard. The lease is renewed as the shard makes progress, so a hung worker
 * (no rows for a whole lease) loses it and the shard is taken over; each renewal also reads the
 * export's status, so a cancelled export stops at its next batch.
 */
public final class ShardLease {
  private static final int CHECK_EVERY_ROWS = 256;
  private final ShardRepository shards;
  private final Clock clock;
  private final Duration length;
  private final Duration renewEvery;

  /**
   * @param length how long a claim or renewal holds the shard
   * @param renewEvery how often progress renews it (well under {@code length})
   */
  public ShardLease(ShardRepository shards, Clock clock, Duration length, Duration renewEvery) {
    this.shards = shards;
    this.clock = clock;
    this.length = length;
    this.renewEvery = renewEvery;
  }

  public Instant endFromNow() {
    return clock.instant().plus(length);
  }

  public Keeper keep(Shard shard) {
    return new Keeper(shard.id(), shard.attempts());
  }

  /** Renews one attempt's lease as rows go by. */
  public final class Keeper {
    private final long shardId;
    private final int attempt;
    private Instant nextRenewal;
    private long rows;

    Keeper(long shardId, int attempt) {
      this.shardId = shardId;
      this.attempt = attempt;
      this.nextRenewal = clock.instant().plus(renewEvery);
    }

    /** Called per row; renews when due. */
    public void onProgress() {
      if (++rows % CHECK_EVERY_ROWS == 0 && !clock.instant().isBefore(nextRenewal)) {
        renew();
      }
    }

    /**
     * @throws LeaseLostException when another attempt owns the shard now
     * @throws ShardCancelledException when the export was cancelled or failed meanwhile
     */
    public void renew() {
      Optional<ExportStatus> status = shards.heartbeat(shardId, attempt, endFromNow());
      if (status.isEmpty()) {
        throw new LeaseLostException(
            "shard " + shardId + " attempt " + attempt + " lost its lease");
      }
      if (status.get().isTerminal()) {
        throw new ShardCancelledException("export is " + status.get().wire());
      }
      nextRenewal = clock.instant().plus(renewEvery);
    }
  }
}
