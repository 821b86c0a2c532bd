package io.dataexporter.worker.format;

import java.io.IOException;

/**
 * Encodes records of one shard into a part: the records only, with the separators between them.
 * What a whole file needs around its parts (header row, array brackets) is the {@link FileLayout}.
 */
public interface RecordWriter {
  void write(Object[] row) throws IOException;

  /** Flushes buffered output; the underlying stream stays open. */
  void finish() throws IOException;
}
