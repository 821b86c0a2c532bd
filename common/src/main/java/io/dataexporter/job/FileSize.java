package io.dataexporter.job;

/**
 * {@code max_file_size}: the largest a data file may be, as stored (after compression and
 * encryption).
 *
 * @param bytes the limit in bytes
 * @param wire the field as the request wrote it ({@code "256MB"}, or a number of bytes), echoed
 *     back
 */
public record FileSize(long bytes, Object wire) {
  /** The smallest limit a request may set. */
  public static final long MIN = 1_000;

  /** The largest: S3's limit on one object. */
  public static final long MAX = 5L * 1024 * 1024 * 1024 * 1024;
}
