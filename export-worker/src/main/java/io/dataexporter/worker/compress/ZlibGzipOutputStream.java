package io.dataexporter.worker.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/** gzip through the JDK's zlib: one gzip member for the whole stream. */
final class ZlibGzipOutputStream extends CompressedOutputStream {

  private final Leveled gzip;

  ZlibGzipOutputStream(OutputStream out, int level) throws IOException {
    this.gzip = new Leveled(out, level);
  }

  @Override
  public void write(int b) throws IOException {
    gzip.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    gzip.write(bytes, offset, length);
  }

  @Override
  public void finish() throws IOException {
    gzip.finish();
  }

  @Override
  public void release() {
    gzip.end();
  }

  /** The JDK's stream at a chosen level (it always uses zlib's default, 6). */
  private static final class Leveled extends GZIPOutputStream {
    Leveled(OutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level);
    }

    void end() {
      def.end();
    }
  }
}
