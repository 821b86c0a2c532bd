package io.dataexporter.storage;

import java.util.UUID;

/** Where an export's objects live in the bucket (the output contract). */
public final class ObjectKeys {
  private ObjectKeys() {}

  public static String exportPrefix(UUID exportId) {
    return "exports/" + exportId + "/";
  }

  public static String file(UUID exportId, String fileName) {
    return exportPrefix(exportId) + fileName;
  }

  public static String manifest(UUID exportId) {
    return exportPrefix(exportId) + "manifest.json";
  }

  /**
   * A shard attempt's part: each attempt writes its own key, so a late finisher of an attempt that
   * was taken over can never overwrite the newer result. Parts of one plan ({@code epoch}) share a
   * folder, so a re-planned export can drop the old plan's parts without touching the new one's.
   */
  public static String part(UUID exportId, String dataType, int epoch, int seq, int attempt) {
    return epochParts(exportId, epoch)
        + dataType
        + "/"
        + String.format("%06d.%d", seq, attempt)
        + ".part";
  }

  /**
   * One piece of a shard attempt of a multi-file export: {@code index} counts the attempt's pieces
   * from 0 in the order written (time order).
   */
  public static String piece(
      UUID exportId, String dataType, int epoch, int seq, int attempt, int index) {
    return epochParts(exportId, epoch)
        + dataType
        + "/"
        + String.format("%06d.%d.%d", seq, attempt, index)
        + ".part";
  }

  /** A shard's rejected records, until finalized. */
  public static String rejectedPart(
      UUID exportId, String dataType, int epoch, int seq, int attempt) {
    return epochParts(exportId, epoch)
        + "rejected/"
        + dataType
        + "/"
        + String.format("%06d.%d", seq, attempt)
        + ".part";
  }

  /** The parts of one plan of the export. */
  public static String epochParts(UUID exportId, int epoch) {
    return partsPrefix(exportId) + "e" + epoch + "/";
  }

  /**
   * The rejected-records file name of a data type, relative to the export's prefix.
   *
   * @param suffix what follows {@code .jsonl}: the codec's and encryption's suffixes
   */
  public static String rejectedFileName(String dataType, String suffix) {
    return "rejected/" + dataType + ".jsonl" + suffix;
  }

  /**
   * A piece the finalizer stores to join a file on the server ({@code head}: the header and first
   * part; {@code tail}: the footer); under the parts, so it goes with them.
   */
  public static String joinPiece(UUID exportId, String fileName, String piece) {
    return exportPrefix(exportId) + "parts/joined/" + fileName + "." + piece;
  }

  public static String partsPrefix(UUID exportId) {
    return exportPrefix(exportId) + "parts/";
  }
}
