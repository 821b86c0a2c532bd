package io.dataexporter.worker.storage;

import io.dataexporter.storage.ObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An output stream whose bytes go straight into a multipart upload of one object: a pipe feeds the
 * MinIO client, which runs on an upload thread and buffers one part at a time. So memory is one
 * part, whatever the object's size. Counts and hashes the bytes as stored.
 *
 * <p>{@link #finish()} returns once the object is stored; {@link #abort(Throwable)} makes the
 * upload fail, so a half-written object is never completed.
 */
public final class StreamingUpload extends OutputStream {
  private static final int PIPE_BUFFER = 256 * 1024;

  private final PipedOutputStream pipe;
  private final Future<?> upload;
  private final MessageDigest sha256;
  private final String key;
  private volatile Throwable producerFailure;
  private long bytes;

  public StreamingUpload(ObjectStore store, String key, String contentType, ExecutorService uploads)
      throws IOException {
    this.key = key;
    PipedInputStream in = new PipedInputStream(PIPE_BUFFER);
    this.pipe = new PipedOutputStream(in);
    this.sha256 = newDigest();
    InputStream guarded =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            return b < 0 ? endOfData() : b;
          }

          @Override
          public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            return n < 0 ? endOfData() : n;
          }
        };
    this.upload =
        uploads.submit(
            () -> {
              try (guarded) {
                store.put(key, guarded, contentType);
              }
              return null;
            });
  }

  /** The producer closed the pipe: a normal end, unless it aborted. */
  private int endOfData() throws IOException {
    if (producerFailure != null) {
      throw new IOException("upload of " + key + " aborted", producerFailure);
    }
    return -1;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] buffer, int off, int len) throws IOException {
    try {
      pipe.write(buffer, off, len);
    } catch (IOException e) {
      throw uploadFailure(e);
    }
    sha256.update(buffer, off, len);
    bytes += len;
  }

  /** Ends the object and waits until it is stored. */
  public Stored finish() throws IOException {
    pipe.close();
    try {
      upload.get();
    } catch (ExecutionException e) {
      throw new IOException(
          "upload of " + key + " failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading " + key, e);
    }
    return new Stored(key, bytes, HexFormat.of().formatHex(sha256.digest()));
  }

  /** Abandons the object: the upload fails instead of completing with partial data. */
  public void abort(Throwable reason) {
    producerFailure = reason;
    try {
      pipe.close();
      upload.get();
    } catch (Exception ignored) {
      // the upload is expected to fail now
    }
  }

  @Override
  public void close() throws IOException {
    if (!upload.isDone()) {
      abort(new IOException("closed without finish()"));
    }
  }

  private IOException uploadFailure(IOException pipeError) {
    if (upload.isDone()) {
      try {
        upload.get();
      } catch (ExecutionException e) {
        return new IOException(
            "upload of " + key + " failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return pipeError;
  }

  /** A SHA-256 digest, as the stored bytes are hashed. */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A stored object: its key, size and hex SHA-256, and the hex SHA-256 of its bytes before they
   * were encrypted (the same as {@code sha256} when they were not).
   */
  public record Stored(String key, long bytes, String sha256, String plaintextSha256) {
    public Stored(String key, long bytes, String sha256) {
      this(key, bytes, sha256, sha256);
    }

    public Stored withPlaintextSha256(String plaintext) {
      return new Stored(key, bytes, sha256, plaintext);
    }
  }
}
