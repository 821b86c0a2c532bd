package io.dataexporter.job;

import io.dataexporter.error.IllegalTransitionException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** Lifecycle of an export. The wire form is the lower-case name, as the original service used. */
public enum ExportStatus {
  PENDING,
  RUNNING,
  FINALIZING,
  COMPLETED,
  FAILED,
  CANCELLED;

  private Set<ExportStatus> next() {
    return switch (this) {
      case PENDING -> EnumSet.of(RUNNING, FAILED, CANCELLED);
      case RUNNING -> EnumSet.of(FINALIZING, FAILED, CANCELLED);
      // a redelivered finalize message re-runs finalization; it is idempotent
      case FINALIZING -> EnumSet.of(FINALIZING, COMPLETED, FAILED, CANCELLED);
      // retry: back to planning (nothing was planned) or to running its failed shards again
      case FAILED -> EnumSet.of(PENDING, RUNNING);
      case COMPLETED, CANCELLED -> EnumSet.noneOf(ExportStatus.class);
    };
  }

  public boolean canMoveTo(ExportStatus target) {
    return next().contains(target);
  }

  /** The statuses from which {@code target} may be reached, for conditional updates. */
  public static Set<ExportStatus> sourcesOf(ExportStatus target) {
    Set<ExportStatus> sources = EnumSet.noneOf(ExportStatus.class);
    for (ExportStatus s : values()) {
      if (s.canMoveTo(target)) {
        sources.add(s);
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalTransitionException("no status leads to " + target);
    }
    return sources;
  }

  /** No work is to be done for it (a failed export may still be retried). */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ExportStatus fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
