package io.dataexporter.worker.compress;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A compressing stream over an upload (gzip members or zstd frames): {@link #finish()} writes what
 * is left and the trailer but leaves the sink open (the caller completes the upload); {@link
 * #release()} frees the compressor, after finishing or instead of it when the upload is abandoned.
 */
public abstract class CompressedOutputStream extends OutputStream {

  /** Writes the remaining compressed bytes; the sink is neither flushed nor closed. */
  public abstract void finish() throws IOException;

  /** Frees the compressor's memory; safe to call more than once. */
  public abstract void release();
}
