package io.dataexporter.worker.encrypt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataexporter.keys.OpenPgpKeys;
import io.dataexporter.testsupport.pgp.Gpg;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Random;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair;
import org.junit.jupiter.api.Test;

class OpenPgpEncryptorTest {
  private static final byte[] DATA = randomBytes(3 * 1024 * 1024 + 17);

  @Test
  void each_recipient_decrypts_the_same_bytes_with_integrity_protection() throws Exception {
    PGPKeyPair alice = rsaPair();
    PGPKeyPair bob = rsaPair();
    byte[] message =
        encrypt(new OpenPgpEncryptor(List.of(alice.getPublicKey(), bob.getPublicKey())), DATA);
    assertThat(message.length).isBetween(DATA.length, DATA.length + 4096);
    assertThat(decrypt(message, alice)).isEqualTo(DATA);
    assertThat(decrypt(message, bob)).isEqualTo(DATA);
  }

  @Test
  void an_empty_file_is_a_valid_message() throws Exception {
    PGPKeyPair alice = rsaPair();
    byte[] message = encrypt(new OpenPgpEncryptor(List.of(alice.getPublicKey())), new byte[0]);
    assertThat(decrypt(message, alice)).isEmpty();
  }

  @Test
  void gpg_decrypts_what_is_encrypted_to_its_rsa_and_cv25519_keys() throws Exception {
    assumeTrue(
        System.getenv("CI") != null || Gpg.available(),
        "the gpg command is not installed: gpg round trip skipped");
    try (Gpg first = Gpg.start();
        Gpg second = Gpg.start()) {
      String ed = first.generate("Ed <ed@example.com>", "future-default", "default", "never", null);
      String rsa = second.generate("Rsa <rsa@example.com>", "rsa2048", "sign", "never", null);
      second.addSubkey(rsa, "rsa2048", "encr", "never", null);
      Instant now = Instant.now();
      OpenPgpEncryptor encryptor =
          new OpenPgpEncryptor(
              List.of(
                  OpenPgpKeys.recipientKey(first.exportPublic(ed), now),
                  OpenPgpKeys.recipientKey(second.exportPublic(rsa), now)));
      byte[] message = encrypt(encryptor, DATA);
      assertThat(first.decrypt(message)).isEqualTo(DATA);
      assertThat(second.decrypt(message)).isEqualTo(DATA);
    }
  }

  private static byte[] encrypt(OpenPgpEncryptor encryptor, byte[] data) throws Exception {
    ByteArrayOutputStream target = new ByteArrayOutputStream();
    try (OutputStream out = encryptor.open(target, "logs.csv.gz")) {
      // odd-sized writes, as parts arrive
      for (int off = 0; off < data.length; off += 100_003) {
        out.write(data, off, Math.min(100_003, data.length - off));
      }
    }
    // the target stays open: the upload finishes it
    target.write(new byte[0]);
    return target.toByteArray();
  }

  private static byte[] decrypt(byte[] message, PGPKeyPair key) throws Exception {
    BcPGPObjectFactory objects =
        new BcPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(message)));
    PGPEncryptedDataList list = (PGPEncryptedDataList) objects.nextObject();
    PGPPublicKeyEncryptedData data = null;
    for (var each : list) {
      PGPPublicKeyEncryptedData candidate = (PGPPublicKeyEncryptedData) each;
      if (candidate.getKeyID() == key.getKeyID()) {
        data = candidate;
      }
    }
    assertThat(data).as("a session key for the recipient").isNotNull();
    assertThat(data.isIntegrityProtected()).isTrue();
    assertThat(data.getSymmetricAlgorithm(new BcPublicKeyDataDecryptorFactory(key.getPrivateKey())))
        .isEqualTo(org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags.AES_256);
    InputStream clear =
        data.getDataStream(new BcPublicKeyDataDecryptorFactory(key.getPrivateKey()));
    PGPLiteralData literal = (PGPLiteralData) new BcPGPObjectFactory(clear).nextObject();
    assertThat(literal.getFileName()).isEqualTo("logs.csv.gz");
    byte[] plain = literal.getInputStream().readAllBytes();
    assertThat(data.verify()).as("integrity check").isTrue();
    return plain;
  }

  private static PGPKeyPair rsaPair() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return new JcaPGPKeyPair(
        PublicKeyAlgorithmTags.RSA_GENERAL, generator.generateKeyPair(), new Date());
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(7).nextBytes(bytes);
    return bytes;
  }
}
