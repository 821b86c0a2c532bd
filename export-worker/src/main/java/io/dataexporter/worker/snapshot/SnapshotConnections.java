package io.dataexporter.worker.snapshot;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens the connections snapshot holders keep for as long as an export runs: outside the pool, so
 * that held snapshots never starve the shards of pooled connections.
 */
@FunctionalInterface
public interface SnapshotConnections {
  Connection open() throws SQLException;
}
