package io.dataexporter.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataexporter.testsupport.pgp.Gpg;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys made by the gpg command, read and checked as an upload is. */
class OpenPgpKeysTest {
  private static Gpg gpg;
  private static final Instant NOW = Instant.now();

  @BeforeAll
  static void keyring() {
    boolean inCi = System.getenv("CI") != null;
    assumeTrue(
        inCi || Gpg.available(), "the gpg command is not installed: OpenPGP key tests skipped");
    gpg = Gpg.start();
  }

  @AfterAll
  static void close() {
    if (gpg != null) {
      gpg.close();
    }
  }

  @Test
  void an_rsa_key_is_described_with_its_fingerprint_key_id_and_user_id() {
    // gpg's usual layout: a signing primary key and an encryption subkey
    String fpr = gpg.generate("Rsa User <rsa@example.com>", "rsa2048", "sign", "never", null);
    gpg.addSubkey(fpr, "rsa2048", "encr", "never", null);
    OpenPgpKeys.Description key = OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW);
    assertThat(key.fingerprint()).isEqualTo(fpr);
    assertThat(key.keyId()).isEqualTo(fpr.substring(24));
    assertThat(key.userIds()).containsExactly("Rsa User <rsa@example.com>");
    assertThat(key.algorithm()).isEqualTo("rsa2048/rsa2048");
    assertThat(key.expiresAt()).isNull();
    assertThat(key.armored()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    // the stored text reads back as the same key
    assertThat(OpenPgpKeys.describe(key.armored(), NOW).fingerprint()).isEqualTo(fpr);
  }

  @Test
  void an_ed25519_key_encrypts_with_its_cv25519_subkey_and_knows_its_expiry() {
    String fpr = gpg.generate("Ed <ed@example.com>", "future-default", "default", "2y", null);
    OpenPgpKeys.Description key = OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW);
    assertThat(key.algorithm()).isEqualTo("ed25519/cv25519");
    assertThat(key.expiresAt()).isAfter(NOW.plusSeconds(700L * 86400));
    String subkey = gpg.fingerprints(fpr).get(1);
    assertThat(OpenPgpKeys.keyId(OpenPgpKeys.recipientKey(key.armored(), NOW)))
        .isEqualTo(subkey.substring(24));
  }

  @Test
  void an_expired_key_is_refused() {
    String fpr =
        gpg.generate("Old <old@example.com>", "rsa2048", "default", "1d", "20200101T000000");
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW))
        .isInstanceOf(UnusableKeyException.class)
        .hasMessageStartingWith("expired at 2020-01-02");
  }

  @Test
  void a_key_whose_only_encryption_subkey_expired_is_refused() {
    String fpr =
        gpg.generate("Sub <sub@example.com>", "ed25519", "sign", "never", "20200101T000000");
    gpg.addSubkey(fpr, "cv25519", "encr", "1d", "20200101T000000");
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW))
        .hasMessageStartingWith("has no encryption key left: every one expired");
  }

  @Test
  void a_revoked_key_is_refused() {
    String fpr =
        gpg.generate("Revoked <rev@example.com>", "future-default", "default", "never", null);
    gpg.revoke(fpr);
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW))
        .hasMessage("is revoked");
  }

  @Test
  void a_key_whose_encryption_subkey_is_revoked_is_refused() {
    String fpr =
        gpg.generate("RevSub <revsub@example.com>", "future-default", "default", "never", null);
    gpg.revokeFirstSubkey(fpr);
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW))
        .hasMessage("has no encryption key left: every one is revoked");
  }

  @Test
  void a_sign_only_key_is_refused() {
    String fpr = gpg.generate("Signer <sign@example.com>", "ed25519", "sign", "never", null);
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportPublic(fpr), NOW))
        .hasMessage("has no encryption key (it can only sign)");
    String rsa = gpg.generate("RsaSigner <rsasign@example.com>", "rsa2048", "sign", "never", null);
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportPublic(rsa), NOW))
        .hasMessage("has no encryption key (it can only sign)");
  }

  @Test
  void a_private_key_is_refused() {
    String fpr = gpg.generate("Secret <secret@example.com>", "rsa2048", "default", "never", null);
    assertThatThrownBy(() -> OpenPgpKeys.describe(gpg.exportSecret(fpr), NOW))
        .hasMessageStartingWith("is a private key");
  }

  @Test
  void several_keys_in_one_block_or_several_blocks_are_refused() {
    String a = gpg.generate("Two A <two-a@example.com>", "rsa2048", "default", "never", null);
    String b = gpg.generate("Two B <two-b@example.com>", "rsa2048", "default", "never", null);
    String both =
        new String(
            gpg.run(null, "--armor", "--export", a, b), java.nio.charset.StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> OpenPgpKeys.describe(both, NOW))
        .hasMessage("holds 2 keys; upload one key at a time");
    assertThatThrownBy(
            () -> OpenPgpKeys.describe(gpg.exportPublic(a) + "\n" + gpg.exportPublic(b), NOW))
        .hasMessage("holds 2 key blocks; upload one key at a time");
  }

  @Test
  void text_that_is_no_key_is_refused() {
    assertThatThrownBy(() -> OpenPgpKeys.describe("hello", NOW))
        .hasMessageStartingWith("must be an ASCII-armored OpenPGP public key");
    assertThatThrownBy(
            () ->
                OpenPgpKeys.describe(
                    "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n=AAAA\n"
                        + "-----END PGP PUBLIC KEY BLOCK-----\n",
                    NOW))
        .isInstanceOf(UnusableKeyException.class);
    assertThatThrownBy(() -> OpenPgpKeys.describe("x".repeat(70_000), NOW))
        .hasMessageStartingWith("is larger than 64 KiB");
  }

  @Test
  void recipients_are_found_by_id_fingerprint_or_key_id_in_any_case() {
    PublicKey key =
        new PublicKey(
            UUID.randomUUID(),
            "alice",
            null,
            "6D8675374A60B970B67675FD0828B055D35C44DA",
            "0828B055D35C44DA",
            "ed25519/cv25519",
            List.of(),
            "",
            NOW,
            null);
    PublicKey expired =
        new PublicKey(
            UUID.randomUUID(),
            "alice",
            null,
            "0FDC2EED0FC2CB8314A50AB768843BDB9919F594",
            "68843BDB9919F594",
            "rsa2048/rsa2048",
            List.of(),
            "",
            NOW,
            NOW.minusSeconds(1));
    RecipientKeys.Resolution found =
        RecipientKeys.resolve(
            List.of(key, expired),
            "alice",
            List.of(
                key.id().toString().toUpperCase(),
                "6d8675374a60b970b67675fd0828b055d35c44da",
                "0x0828b055d35c44da",
                "6D86 7537 4A60 B970 B676  75FD 0828 B055 D35C 44DA"),
            NOW);
    assertThat(found.ok()).isTrue();
    assertThat(found.keys()).containsExactly(key);
    RecipientKeys.Resolution refused =
        RecipientKeys.resolve(
            List.of(key, expired),
            "alice",
            List.of("0828B055D35C44DA", "68843BDB9919F594", "nope"),
            NOW);
    assertThat(refused.problems()).containsOnlyKeys(1, 2);
    assertThat(refused.problems().get(1)).contains("expired");
    assertThat(refused.problems().get(2)).contains("is not a public key of alice");
  }
}
