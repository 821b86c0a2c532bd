package io.dataexporter.worker.assemble;

import io.dataexporter.worker.encrypt.OpenPgpEncryptor;
import io.dataexporter.worker.storage.StreamingUpload;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Where an assembled file's bytes go: into its upload, through OpenPGP encryption when the export
 * is encrypted. Hashes the bytes before encryption in the same pass (the upload hashes them as
 * stored).
 */
final class FileSink extends OutputStream {
  private final StreamingUpload upload;
  private final OutputStream target;
  private final MessageDigest plaintext = StreamingUpload.newDigest();

  private FileSink(StreamingUpload upload, OutputStream target) {
    this.upload = upload;
    this.target = target;
  }

  /**
   * @param encryptor null when the file is stored as it is
   * @param fileName the file's name before encryption, for the OpenPGP literal data packet
   */
  static FileSink into(StreamingUpload upload, OpenPgpEncryptor encryptor, String fileName)
      throws IOException {
    return new FileSink(upload, encryptor == null ? upload : encryptor.open(upload, fileName));
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] buffer, int off, int len) throws IOException {
    plaintext.update(buffer, off, len);
    target.write(buffer, off, len);
  }

  /** Ends the file (and its OpenPGP message) and waits until it is stored. */
  StreamingUpload.Stored finish() throws IOException {
    if (target != upload) {
      target.close();
    }
    return upload.finish().withPlaintextSha256(HexFormat.of().formatHex(plaintext.digest()));
  }

  void abort(Throwable reason) {
    upload.abort(reason);
  }
}
