package io.dataexporter.worker.format;

import java.io.IOException;

/**
 * Encodes records of one shard into a part: the records only, with the separators between them.
 * What a whole file needs around its parts (header row, array brackets) is the {@link FileLayout}.
 * A writer of whole files (Parquet) makes each part a complete file instead: its {@link #finish()}
 * writes the footer, and it knows how large the file would be ({@link #sizeBound()}).
 */
public interface RecordWriter {
  void write(Object[] row) throws IOException;

  /** Flushes buffered output (a whole-file writer ends its file); the stream stays open. */
  void finish() throws IOException;

  /**
   * For a writer of whole files: an upper bound of the file's size were it finished now (bytes
   * written, what is buffered, the footer). -1 for writers of records only, whose size is what they
   * wrote.
   */
  default long sizeBound() {
    return -1;
  }
}
