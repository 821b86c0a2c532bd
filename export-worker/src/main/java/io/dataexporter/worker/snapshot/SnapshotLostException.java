package io.dataexporter.worker.snapshot;

/**
 * No live transaction holds the export's snapshot any more (every holder's worker or connection
 * died): the rows as of that moment cannot be read again, so the export must be planned anew.
 */
public final class SnapshotLostException extends RuntimeException {
  public SnapshotLostException(String message) {
    super(message);
  }
}
