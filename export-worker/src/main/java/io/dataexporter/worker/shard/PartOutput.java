package io.dataexporter.worker.shard;

import io.dataexporter.worker.compress.GzipEngine;
import io.dataexporter.worker.compress.GzipOutputStream;
import io.dataexporter.worker.storage.StreamingUpload;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One part object of a shard being written: a multipart upload opened on first use, buffered and
 * optionally gzipped (a series of gzip members, see {@link GzipEngine}), with clocks on the
 * compressor and the upload.
 */
final class PartOutput {
  private final PartOutputs target;
  private final String key;
  private final boolean gzip;
  private StreamingUpload upload;
  private TimedOutputStream uploading;
  private BufferedOutputStream buffered;
  private GzipOutputStream gzipStream;
  private TimedOutputStream compressing;

  PartOutput(PartOutputs target, String key, boolean gzip) {
    this.target = target;
    this.key = key;
    this.gzip = gzip;
  }

  OutputStream stream() throws IOException {
    if (upload == null) {
      upload =
          new StreamingUpload(target.store(), key, "application/octet-stream", target.uploads());
      uploading = new TimedOutputStream(upload);
      buffered = new BufferedOutputStream(uploading, 64 * 1024);
      if (gzip) {
        gzipStream = target.gzip().open(buffered, target.compressionLevel());
        compressing = new TimedOutputStream(gzipStream);
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
    if (gzipStream != null) {
      try {
        gzipStream.finish();
      } finally {
        gzipStream.release();
      }
    }
    buffered.flush();
    return upload.finish();
  }

  void abort(Exception reason) {
    if (gzipStream != null) {
      gzipStream.release();
    }
    if (upload != null) {
      upload.abort(reason);
    }
  }
}
