package io.dataexporter.worker.compress;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.IOException;
import java.io.OutputStream;

/**
 * zstd through zstd-jni's streaming compressor: everything written becomes one zstd frame (with a
 * checksum), ended by {@link #finish()}; a stream given no bytes still gets one empty frame, so
 * that it is valid zstd on its own. Frames written one after the other decode with {@code zstd -d}
 * as one stream. Memory is the native compression context (a few MiB at low levels, about 83 MiB at
 * level 19, whose window is 8 MiB), a pooled 128 KiB output buffer and a 64 KiB input buffer that
 * spares a native call per small write; {@link #release()} frees them, and when the stream was not
 * finished (the upload is abandoned) writes nothing more to the sink.
 */
final class ZstdFrameOutputStream extends CompressedOutputStream {

  private static final int INPUT_BYTES = 64 * 1024;

  private final Gate sink;
  private final ZstdOutputStreamNoFinalizer zstd;
  private final byte[] input = new byte[INPUT_BYTES];
  private int filled;
  private boolean closed;

  ZstdFrameOutputStream(OutputStream out, int level) throws IOException {
    this.sink = new Gate(out);
    this.zstd = new ZstdOutputStreamNoFinalizer(sink, RecyclingBufferPool.INSTANCE);
    try {
      zstd.setLevel(level);
      zstd.setChecksum(true);
    } catch (IOException | RuntimeException e) {
      release();
      throw e;
    }
  }

  @Override
  public void write(int b) throws IOException {
    open();
    if (filled == input.length) {
      drain();
    }
    input[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    open();
    if (length >= INPUT_BYTES) {
      drain();
      open().write(bytes, offset, length);
      return;
    }
    if (length > input.length - filled) {
      drain();
    }
    System.arraycopy(bytes, offset, input, filled, length);
    filled += length;
  }

  private void drain() throws IOException {
    if (filled > 0) {
      open().write(input, 0, filled);
      filled = 0;
    }
  }

  private ZstdOutputStreamNoFinalizer open() throws IOException {
    if (closed) {
      throw new IOException("the zstd stream was released");
    }
    return zstd;
  }

  /** Ends the frame; the sink stays open. */
  @Override
  public void finish() throws IOException {
    drain();
    open();
    closed = true;
    // frees the native context too, even when the last write fails
    zstd.closeWithoutClosingParentStream();
  }

  @Override
  public void release() {
    if (!closed) {
      closed = true;
      sink.discard();
      try {
        zstd.closeWithoutClosingParentStream();
      } catch (IOException | RuntimeException e) {
        // the frame's end goes nowhere; only the native memory matters here
      }
    }
  }

  /** The sink, until a release makes further writes (the frame's end) go nowhere. */
  private static final class Gate extends OutputStream {
    private final OutputStream out;
    private boolean open = true;

    Gate(OutputStream out) {
      this.out = out;
    }

    void discard() {
      open = false;
    }

    @Override
    public void write(int b) throws IOException {
      if (open) {
        out.write(b);
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      if (open) {
        out.write(bytes, offset, length);
      }
    }

    @Override
    public void flush() {
      // the upload is flushed by its owner
    }

    @Override
    public void close() {
      // the upload is completed by its owner
    }
  }
}
