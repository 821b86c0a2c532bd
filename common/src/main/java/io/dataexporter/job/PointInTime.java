package io.dataexporter.job;

import java.time.Instant;

/**
 * The moment an export reads: the plan it runs under and the PostgreSQL snapshot that plan took.
 *
 * @param epoch the plan's number: 0 for the first, one more each time a lost snapshot forced a new
 *     plan
 * @param takenAt when the snapshot was taken (the holder's {@code statement_timestamp()}): every
 *     transaction committed before it is visible, none committed after the snapshot is
 * @param xids the snapshot as {@code pg_current_snapshot()} text ({@code xmin:xmax:xip,...}), the
 *     exact cut; null until planned
 */
public record PointInTime(int epoch, Instant takenAt, String xids) {

  /** The consistency level the manifest reports. */
  public static final String CONSISTENCY = "snapshot";
}
