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

  /** Refuses a move the table does not allow. */
  public void requireMoveTo(ExportStatus target) {
    if (!canMoveTo(target)) {
      throw new IllegalTransitionException(wire() + " cannot become " + target.wire());
    }
  }

  /**
   * {@code from}, each checked to lead to {@code target}: the status list of a conditional update
   * that moves only some of the table's sources (e.g. finalization is claimed from running only).
   */
  public static Set<ExportStatus> sources(ExportStatus target, ExportStatus... from) {
    Set<ExportStatus> sources = EnumSet.noneOf(ExportStatus.class);
    for (ExportStatus s : from) {
      s.requireMoveTo(target);
      sources.add(s);
    }
    return sources;
  }

  /** Pending, running or finalizing: work remains to be done, and it counts against quotas. */
  public static Set<ExportStatus> active() {
    return EnumSet.of(PENDING, RUNNING, FINALIZING);
  }

  /**
   * Planning may store a plan: a pending export starts running with it; a re-planned one runs on.
   */
  public boolean isPlannable() {
    return this == PENDING || this == RUNNING;
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
