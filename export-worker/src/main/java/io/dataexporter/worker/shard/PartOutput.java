package io.dataexporter.worker.shard;

import io.dataexporter.job.Compression;
import io.dataexporter.worker.compress.Codecs;
import io.dataexporter.worker.compress.CompressedOutputStream;
import io.dataexporter.worker.storage.StreamingUpload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One part object of a shard being written: a multipart upload opened on first use, buffered and
 * optionally compressed (a series of gzip members or zstd frames, see {@link Codecs}), with clocks
 * on the compressor and the upload.
 */
final class PartOutput {
  private final PartOutputs target;
  private final String key;
  private final Compression compression;
  private StreamingUpload upload;
  private TimedOutputStream uploading;
  private BufferedOutputStream buffered;
  private Counting emitted;
  private CompressedOutputStream compressor;
  private TimedOutputStream compressing;

  /** Compressor time of the frames ended before the current one. */
  private long endedFramesNanos;

  /** Bytes stored when the current frame began, and bytes given to it through {@link #write}. */
  private long frameStart;

  private long frameInput;

  PartOutput(PartOutputs target, String key, Compression compression) {
    this.target = target;
    this.key = key;
    this.compression = compression;
  }

  String key() {
    return key;
  }

  OutputStream stream() throws IOException {
    if (upload == null) {
      upload =
          new StreamingUpload(target.store(), key, "application/octet-stream", target.uploads());
      uploading = new TimedOutputStream(upload);
      buffered = new BufferedOutputStream(uploading, 64 * 1024);
      emitted = new Counting(buffered);
    }
    if (compression.compressed() && compressor == null) {
      compressor = target.codecs().open(compression, emitted);
      compressing = new TimedOutputStream(compressor);
      frameStart = emitted.count;
      frameInput = 0;
    }
    return compressing != null ? compressing : emitted;
  }

  /** Writes bytes, counting them for {@link #sizeBound}. */
  void write(byte[] bytes, int offset, int length) throws IOException {
    stream().write(bytes, offset, length);
    frameInput += length;
  }

  /**
   * An upper bound of the part's stored size, were {@code more} bytes written through {@link
   * #write} and the part finished now: exact without compression; compressed, the bytes before the
   * current gzip member or zstd frame plus the most that frame's input can take (both codecs expand
   * incompressible input by well under 1 %, plus their framing).
   */
  long sizeBound(long more) {
    long stored = emitted == null ? 0 : emitted.count;
    if (!compression.compressed()) {
      return stored + more;
    }
    if (compressor == null) {
      return stored + (more == 0 ? 0 : compressedBound(more));
    }
    return frameStart + compressedBound(frameInput + more);
  }

  /** The most {@code n} bytes take as one gzip member or zstd frame. */
  static long compressedBound(long n) {
    return n + n / 100 + 128;
  }

  /**
   * Ends the current gzip member or zstd frame, so that {@link #sizeBound} is exact up to here; the
   * next write starts another.
   */
  void endFrame() throws IOException {
    if (compressor == null) {
      return;
    }
    try {
      compressor.finish();
    } finally {
      compressor.release();
    }
    endedFramesNanos += compressing.nanos();
    compressor = null;
    compressing = null;
  }

  /** Counts the bytes that reach the upload's buffer: the part's stored size. */
  private static final class Counting extends java.io.FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
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

  /** Time so far in upload writes, and in compressor writes (upload writes below included). */
  long[] clocks() {
    long upload = uploading == null ? 0 : uploading.nanos();
    long compress = endedFramesNanos + (compressing == null ? 0 : compressing.nanos());
    return new long[] {upload, compression.compressed() ? compress : upload};
  }

  /**
   * @param read time outside the encoder
   * @param inEncoder time in the encoder, the compressor and upload waits below it included
   * @param finishing time to flush the last bytes and complete the upload (counted as upload)
   * @param clocks {@link #clocks()} when finishing began
   */
  static ExecuteShard.Stages stages(long read, long inEncoder, long finishing, long[] clocks) {
    long upload = clocks[0];
    long compressAndUpload = clocks[1];
    return new ExecuteShard.Stages(
        Math.max(0, read),
        Math.max(0, inEncoder - compressAndUpload),
        Math.max(0, compressAndUpload - upload),
        upload + finishing);
  }

  StreamingUpload.Stored finish() throws IOException {
    if (upload == null || compression.compressed() && emitted.count == 0) {
      // a part with nothing written is still one valid (empty) member or frame
      stream();
    }
    if (compressor != null) {
      try {
        compressor.finish();
      } finally {
        compressor.release();
      }
    }
    buffered.flush();
    return upload.finish();
  }

  void abort(Exception reason) {
    if (compressor != null) {
      compressor.release();
    }
    if (upload != null) {
      upload.abort(reason);
    }
  }
}
