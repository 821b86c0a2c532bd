package io.dataexporter.worker.snapshot;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshots this worker holds, and the round that keeps every running export's snapshot held:
 * renew what it holds, release what is no longer needed, join exports held by fewer than {@link
 * SnapshotProperties#holders()} workers (importing a live holder's snapshot and exporting its own),
 * and re-plan exports whose every holder is gone.
 */
public final class HoldSnapshots implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HoldSnapshots.class);
  private final Map<UUID, HeldSnapshot> held = new ConcurrentHashMap<>();
  private final SnapshotConnections connections;
  private final SnapshotHolders holders;
  private final ReplanExport replan;
  private final SnapshotProperties properties;
  private final String holderId;
  private final Clock clock;

  public HoldSnapshots(
      SnapshotConnections connections,
      SnapshotHolders holders,
      ReplanExport replan,
      SnapshotProperties properties,
      String holderId,
      Clock clock) {
    this.connections = connections;
    this.holders = holders;
    this.replan = replan;
    this.properties = properties;
    this.holderId = holderId;
    this.clock = clock;
  }

  /**
   * Takes a new snapshot for plan {@code epoch} of the export; the caller owns it until adopted.
   */
  public HeldSnapshot take(UUID exportId, int epoch) throws SQLException {
    return HeldSnapshot.take(connections.open(), exportId, epoch);
  }

  /** This process's name in the holders table. */
  public String holderId() {
    return holderId;
  }

  public Instant leaseEnd() {
    return clock.instant().plus(properties.lease());
  }

  /** Keeps holding {@code snapshot}, registered by the caller, from now on. */
  public void adopt(HeldSnapshot snapshot) {
    HeldSnapshot before = held.put(snapshot.exportId(), snapshot);
    if (before != null && before != snapshot) {
      before.close();
    }
  }

  /** Live holders' snapshot names of the export's plan {@code epoch}, freshest first. */
  public List<String> names(UUID exportId, int epoch) {
    return holders.liveNames(exportId, epoch, clock.instant());
  }

  /** How many snapshots this process holds. */
  public int holding() {
    return held.size();
  }

  /** One round; see the class comment. Failures are logged; the next round tries again. */
  public void keep() {
    Instant now = clock.instant();
    for (HeldSnapshot snapshot : held.values()) {
      try {
        boolean keep =
            holders.stillNeeded(
                    snapshot.exportId(), snapshot.epoch(), now.minus(properties.holdAfterFailure()))
                && snapshot.alive()
                && holders.renew(snapshot.exportId(), holderId, leaseEnd());
        if (!keep) {
          release(snapshot);
        }
      } catch (RuntimeException e) {
        log.warn(
            "could not renew the snapshot of export {}: {}", snapshot.exportId(), e.toString());
      }
    }
    for (SnapshotHolders.UnderHeld export :
        holders.underHeld(holderId, properties.holders(), now)) {
      join(export);
    }
  }

  private void join(SnapshotHolders.UnderHeld export) {
    List<String> names = names(export.exportId(), export.epoch());
    try {
      HeldSnapshot copy =
          HeldSnapshot.copy(connections.open(), export.exportId(), export.epoch(), names);
      if (holders.add(copy, holderId, leaseEnd())) {
        adopt(copy);
      } else {
        copy.close();
      }
    } catch (SnapshotLostException e) {
      replan.run(export.exportId(), export.epoch(), "every worker holding its snapshot is gone");
    } catch (SQLException | RuntimeException e) {
      log.warn("could not join the holders of export {}: {}", export.exportId(), e.toString());
    }
  }

  private void release(HeldSnapshot snapshot) {
    held.remove(snapshot.exportId(), snapshot);
    snapshot.close();
    try {
      holders.remove(snapshot.exportId(), holderId);
    } catch (RuntimeException e) {
      // its lease runs out instead
    }
  }

  /** Releases everything (shutdown): other holders keep the snapshots. */
  @Override
  public void close() {
    for (HeldSnapshot snapshot : held.values()) {
      release(snapshot);
    }
  }
}
