package io.dataexporter.worker.encrypt;

import io.dataexporter.keys.OpenPgpKeys;
import io.dataexporter.keys.PublicKey;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * Writes one OpenPGP message per file: AES-256 with integrity protection (SEIPD with MDC, which
 * every gpg reads), its session key encrypted to each recipient's encryption key, and the bytes in
 * a binary literal data packet. Both packets are written as partial-length chunks of {@link #CHUNK}
 * bytes, so memory stays a few chunks whatever the file's size. No compression: the files are
 * compressed before, or chosen not to be.
 */
public final class OpenPgpEncryptor {
  /** Partial-length packet size: a power of two, as OpenPGP requires. */
  static final int CHUNK = 64 * 1024;

  private final List<PGPPublicKey> recipients;
  private final SecureRandom random = new SecureRandom();

  public OpenPgpEncryptor(List<PGPPublicKey> recipients) {
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException("no recipient to encrypt to");
    }
    this.recipients = List.copyOf(recipients);
  }

  /**
   * The most an OpenPGP message of {@code bytes} plain bytes for {@code recipients} keys adds to
   * them: 1 KiB (packet headers, the file name, integrity check) + 600 bytes per recipient (its
   * encrypted session key, RSA 4096 or smaller) + 6 bytes per 64 KiB chunk (partial-length headers
   * of the literal and encrypted packets).
   */
  public static long overheadBound(long bytes, int recipients) {
    return 1024 + 600L * recipients + 6 * (bytes / CHUNK + 1);
  }

  /**
   * To each key's newest usable encryption key at {@code now}.
   *
   * @throws io.dataexporter.keys.UnusableKeyException when a key has none left
   */
  public static OpenPgpEncryptor to(List<PublicKey> keys, Instant now) {
    return new OpenPgpEncryptor(
        keys.stream().map(k -> OpenPgpKeys.recipientKey(k.armored(), now)).toList());
  }

  /**
   * A stream whose bytes reach {@code target} encrypted; closing it ends the message but leaves
   * {@code target} open.
   *
   * @param fileName the name in the literal data packet (what {@code gpg --decrypt-files} writes)
   */
  public OutputStream open(OutputStream target, String fileName) throws IOException {
    PGPEncryptedDataGenerator generator =
        new PGPEncryptedDataGenerator(
            new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(random));
    for (PGPPublicKey key : recipients) {
      generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(key).setSecureRandom(random));
    }
    OutputStream kept =
        new FilterOutputStream(target) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            out.flush();
          }
        };
    OutputStream encrypted;
    try {
      encrypted = generator.open(kept, new byte[CHUNK]);
    } catch (PGPException e) {
      throw new IOException("cannot start an OpenPGP message: " + e.getMessage(), e);
    }
    PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
    OutputStream plain =
        literal.open(encrypted, PGPLiteralData.BINARY, fileName, new Date(), new byte[CHUNK]);
    return new FilterOutputStream(plain) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        literal.close();
        generator.close();
      }
    };
  }
}
