package io.dataexporter.worker.shard;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Adds up the time spent in the wrapped stream's writes: what a stage downstream costs. */
final class TimedOutputStream extends FilterOutputStream {
  private long nanos;

  TimedOutputStream(OutputStream out) {
    super(out);
  }

  long nanos() {
    return nanos;
  }

  @Override
  public void write(int b) throws IOException {
    long t0 = System.nanoTime();
    out.write(b);
    nanos += System.nanoTime() - t0;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    long t0 = System.nanoTime();
    out.write(b, off, len);
    nanos += System.nanoTime() - t0;
  }

  @Override
  public void flush() throws IOException {
    long t0 = System.nanoTime();
    out.flush();
    nanos += System.nanoTime() - t0;
  }
}
