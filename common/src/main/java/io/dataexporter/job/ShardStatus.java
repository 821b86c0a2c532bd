package io.dataexporter.job;

import io.dataexporter.error.IllegalTransitionException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Lifecycle of one shard: queued, claimed by a worker (running), then completed or failed. */
public enum ShardStatus {
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED;

  private Set<ShardStatus> next() {
    return switch (this) {
      // a queued shard is claimed; a retry re-queues one whose task was dropped with its export
      case QUEUED -> EnumSet.of(RUNNING, QUEUED);
      // a running shard is taken over (lease expired, task redelivered), completed, failed, or
      // given back to the queue (a retryable failure, a lost lease, a cancel)
      case RUNNING -> EnumSet.of(RUNNING, COMPLETED, FAILED, QUEUED);
      // a user's retry of the export
      case FAILED -> EnumSet.of(QUEUED);
      case COMPLETED -> EnumSet.noneOf(ShardStatus.class);
    };
  }

  public boolean canMoveTo(ShardStatus target) {
    return next().contains(target);
  }

  /** Refuses a move the table does not allow. */
  public void requireMoveTo(ShardStatus target) {
    if (!canMoveTo(target)) {
      throw new IllegalTransitionException("shard " + wire() + " cannot become " + target.wire());
    }
  }

  /** The statuses from which {@code target} may be reached, for conditional updates. */
  public static Set<ShardStatus> sourcesOf(ShardStatus target) {
    Set<ShardStatus> sources = EnumSet.noneOf(ShardStatus.class);
    for (ShardStatus s : values()) {
      if (s.canMoveTo(target)) {
        sources.add(s);
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalTransitionException("no shard status leads to " + target.wire());
    }
    return sources;
  }

  /** {@code from}, each checked to lead to {@code target}: the status list of an update. */
  public static Set<ShardStatus> sources(ShardStatus target, ShardStatus... from) {
    Set<ShardStatus> sources = EnumSet.noneOf(ShardStatus.class);
    for (ShardStatus s : from) {
      s.requireMoveTo(target);
      sources.add(s);
    }
    return sources;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ShardStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
