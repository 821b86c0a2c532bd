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
  private CompressedOutputStream compressor;
  private TimedOutputStream compressing;

  PartOutput(PartOutputs target, String key, Compression compression) {
    this.target = target;
    this.key = key;
    this.compression = compression;
  }

  OutputStream stream() throws IOException {
    if (upload == null) {
      upload =
          new StreamingUpload(target.store(), key, "application/octet-stream", target.uploads());
      uploading = new TimedOutputStream(upload);
      buffered = new BufferedOutputStream(uploading, 64 * 1024);
      if (compression.compressed()) {
        compressor = target.codecs().open(compression, buffered);
        compressing = new TimedOutputStream(compressor);
      }
    }
    return compressing != null ? compressing : buffered;
  }

  /** Time so far in upload writes, and in compressor writes (upload writes below included). */
  long[] clocks() {
    long upload = uploading == null ? 0 : uploading.nanos();
    return new long[] {upload, compressing == null ? upload : compressing.nanos()};
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
    stream();
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
