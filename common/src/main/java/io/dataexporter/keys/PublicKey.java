package io.dataexporter.keys;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An OpenPGP public key a user uploaded, to which exports can be encrypted.
 *
 * @param id the key's id in this service
 * @param owner the user it belongs to
 * @param name an optional label (null when none)
 * @param fingerprint the primary key's fingerprint, upper-case hex
 * @param keyId the primary key's 64-bit key id, 16 upper-case hex digits
 * @param algorithm primary and encryption key algorithms, as gpg names them ({@code
 *     rsa3072/rsa3072}, {@code ed25519/cv25519})
 * @param userIds the key's user ids, as written in it
 * @param armored the key, ASCII-armored: exactly one public key ring
 * @param createdAt when it was uploaded
 * @param expiresAt when it can no longer be encrypted to; null when never
 */
public record PublicKey(
    UUID id,
    String owner,
    String name,
    String fingerprint,
    String keyId,
    String algorithm,
    List<String> userIds,
    String armored,
    Instant createdAt,
    Instant expiresAt) {

  public PublicKey {
    userIds = List.copyOf(userIds);
  }

  /**
   * Whether {@code reference} names this key: its id, its fingerprint or its key id, ignoring case,
   * spaces and a leading {@code 0x}.
   */
  public boolean isNamedBy(String reference) {
    String ref = reference.strip();
    if (ref.equalsIgnoreCase(id.toString())) {
      return true;
    }
    String hex = ref.replace(" ", "").toUpperCase(Locale.ROOT);
    if (hex.startsWith("0X")) {
      hex = hex.substring(2);
    }
    return hex.equals(fingerprint) || hex.equals(keyId);
  }

  /** Whether it has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !expiresAt.isAfter(now);
  }
}
