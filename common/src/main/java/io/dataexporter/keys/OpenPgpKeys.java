package io.dataexporter.keys;

import io.dataexporter.job.StorableText;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.ECPublicBCPGKey;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.util.encoders.Hex;

/**
 * Reads ASCII-armored OpenPGP public keys and decides which of their keys can be encrypted to: a
 * key that is neither revoked nor expired, whose algorithm can encrypt and whose self-signature
 * (binding signature, for a subkey) allows encryption. The primary key must itself be neither
 * revoked nor expired.
 *
 * <p>Revocations are recognised by the presence of a revocation signature, not by checking it: a
 * forged one only makes its uploader's own key refused.
 */
public final class OpenPgpKeys {
  /** The largest armored key accepted, in characters. */
  public static final int MAX_ARMORED_SIZE = 64 * 1024;

  private static final String PUBLIC_BLOCK = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  private static final String PRIVATE_BLOCK = "-----BEGIN PGP PRIVATE KEY BLOCK-----";

  private OpenPgpKeys() {}

  /**
   * What a valid key says about itself.
   *
   * @param expiresAt when its primary key or its last usable encryption key expires; null: never
   * @param armored the key ring re-armored, as stored
   */
  public record Description(
      String fingerprint,
      String keyId,
      String algorithm,
      List<String> userIds,
      Instant expiresAt,
      String armored) {}

  /**
   * Reads and checks an uploaded key: exactly one public key ring, usable for encryption at {@code
   * now}.
   *
   * @throws UnusableKeyException why not, in words for its owner
   */
  public static Description describe(String armored, Instant now) {
    try {
      return describeRing(read(armored), now);
    } catch (UnusableKeyException e) {
      throw e;
    } catch (RuntimeException e) {
      // a packet the parser took but whose contents BouncyCastle cannot interpret
      throw new UnusableKeyException("is not a usable OpenPGP public key: " + e.getMessage(), e);
    }
  }

  private static Description describeRing(PGPPublicKeyRing ring, Instant now) {
    List<PGPPublicKey> usable = encryptionKeys(ring, now);
    PGPPublicKey primary = ring.getPublicKey();
    List<String> userIds = new ArrayList<>();
    for (Iterator<String> it = primary.getUserIDs(); it.hasNext(); ) {
      String userId = it.next();
      if (!StorableText.storable(userId)) {
        throw new UnusableKeyException("has a user id with the NUL character (U+0000)");
      }
      userIds.add(userId);
    }
    Instant primaryExpiry = expiry(primary);
    Instant encryptionExpiry =
        usable.stream().anyMatch(k -> expiry(k) == null)
            ? null
            : usable.stream().map(OpenPgpKeys::expiry).max(Comparator.naturalOrder()).orElse(null);
    Instant expiresAt =
        primaryExpiry == null
            ? encryptionExpiry
            : encryptionExpiry == null || primaryExpiry.isBefore(encryptionExpiry)
                ? primaryExpiry
                : encryptionExpiry;
    return new Description(
        Hex.toHexString(primary.getFingerprint()).toUpperCase(Locale.ROOT),
        keyId(primary),
        algorithmName(primary) + "/" + algorithmName(newest(usable)),
        userIds,
        expiresAt,
        armor(ring));
  }

  /** The key to encrypt to: the newest usable encryption key of the ring. */
  public static PGPPublicKey recipientKey(String armored, Instant now) {
    return newest(encryptionKeys(read(armored), now));
  }

  /**
   * Exactly one public key ring from ASCII armor.
   *
   * @throws UnusableKeyException when it is not armored, not a public key, a private key or several
   *     keys
   */
  public static PGPPublicKeyRing read(String armored) {
    if (armored == null || armored.isBlank()) {
      throw new UnusableKeyException("is required: an ASCII-armored OpenPGP public key");
    }
    if (armored.length() > MAX_ARMORED_SIZE) {
      throw new UnusableKeyException(
          "is larger than " + MAX_ARMORED_SIZE / 1024 + " KiB; upload one public key only");
    }
    if (armored.contains(PRIVATE_BLOCK) || armored.contains("-----BEGIN PGP SECRET KEY BLOCK")) {
      throw new UnusableKeyException(
          "is a private key; upload only the public key (gpg --armor --export KEY)");
    }
    int blocks = armored.split(PUBLIC_BLOCK, -1).length - 1;
    if (blocks == 0) {
      throw new UnusableKeyException(
          "must be an ASCII-armored OpenPGP public key (" + PUBLIC_BLOCK + ")");
    }
    if (blocks > 1) {
      throw new UnusableKeyException("holds " + blocks + " key blocks; upload one key at a time");
    }
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    try (ArmoredInputStream in =
        new ArmoredInputStream(
            new ByteArrayInputStream(armored.getBytes(StandardCharsets.UTF_8)))) {
      PGPObjectFactory objects = new BcPGPObjectFactory(in);
      for (Object o; (o = objects.nextObject()) != null; ) {
        if (o instanceof PGPPublicKeyRing ring) {
          rings.add(ring);
        } else if (o instanceof PGPSecretKeyRing) {
          throw new UnusableKeyException(
              "is a private key; upload only the public key (gpg --armor --export KEY)");
        } else {
          throw new UnusableKeyException("holds something other than a public key");
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnusableKeyException unusable) {
        throw unusable;
      }
      throw new UnusableKeyException(
          "is not a readable OpenPGP public key (" + e.getMessage() + ")", e);
    }
    if (rings.isEmpty()) {
      throw new UnusableKeyException("holds no public key");
    }
    if (rings.size() > 1) {
      throw new UnusableKeyException("holds " + rings.size() + " keys; upload one key at a time");
    }
    return rings.get(0);
  }

  /**
   * The ring's keys that can be encrypted to at {@code now}.
   *
   * @throws UnusableKeyException when there is none, saying why
   */
  public static List<PGPPublicKey> encryptionKeys(PGPPublicKeyRing ring, Instant now) {
    PGPPublicKey primary = ring.getPublicKey();
    if (primary.hasRevocation()) {
      throw new UnusableKeyException("is revoked");
    }
    Instant primaryExpiry = expiry(primary);
    if (primaryExpiry != null && !primaryExpiry.isAfter(now)) {
      throw new UnusableKeyException("expired at " + primaryExpiry);
    }
    List<PGPPublicKey> capable = new ArrayList<>();
    for (Iterator<PGPPublicKey> it = ring.getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey key = it.next();
      if (key.isEncryptionKey() && allowsEncryption(key, primary)) {
        capable.add(key);
      }
    }
    if (capable.isEmpty()) {
      throw new UnusableKeyException("has no encryption key (it can only sign)");
    }
    List<PGPPublicKey> unrevoked =
        capable.stream().filter(k -> k.isMasterKey() || !k.hasRevocation()).toList();
    if (unrevoked.isEmpty()) {
      throw new UnusableKeyException("has no encryption key left: every one is revoked");
    }
    List<PGPPublicKey> usable =
        unrevoked.stream().filter(k -> expiry(k) == null || expiry(k).isAfter(now)).toList();
    if (usable.isEmpty()) {
      throw new UnusableKeyException(
          "has no encryption key left: every one expired (the last at "
              + unrevoked.stream().map(OpenPgpKeys::expiry).max(Comparator.naturalOrder()).get()
              + ")");
    }
    return usable;
  }

  /** 16 upper-case hex digits. */
  public static String keyId(PGPPublicKey key) {
    return String.format(Locale.ROOT, "%016X", key.getKeyID());
  }

  /** When the key expires, or null when never. */
  static Instant expiry(PGPPublicKey key) {
    long seconds = key.getValidSeconds();
    return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
  }

  private static PGPPublicKey newest(List<PGPPublicKey> keys) {
    return keys.stream().max(Comparator.comparing(PGPPublicKey::getCreationTime)).orElseThrow();
  }

  /**
   * Whether the key's newest self-signature (a subkey's binding signature) allows encryption; a
   * signature without key flags leaves it to the algorithm. A subkey without a binding signature is
   * not part of the key.
   */
  private static boolean allowsEncryption(PGPPublicKey key, PGPPublicKey primary) {
    Optional<PGPSignature> self = newestSelfSignature(key, primary);
    if (self.isEmpty()) {
      return key.isMasterKey();
    }
    var hashed = self.get().getHashedSubPackets();
    if (hashed == null || hashed.getKeyFlags() == 0) {
      return true;
    }
    return (hashed.getKeyFlags() & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
  }

  private static Optional<PGPSignature> newestSelfSignature(
      PGPPublicKey key, PGPPublicKey primary) {
    List<PGPSignature> found = new ArrayList<>();
    Iterator<PGPSignature> it =
        key.isMasterKey()
            ? key.getSignaturesForKeyID(primary.getKeyID())
            : key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
    it.forEachRemaining(
        sig -> {
          int type = sig.getSignatureType();
          boolean self =
              type == PGPSignature.SUBKEY_BINDING
                  || type == PGPSignature.DIRECT_KEY
                  || type == PGPSignature.POSITIVE_CERTIFICATION
                  || type == PGPSignature.CASUAL_CERTIFICATION
                  || type == PGPSignature.NO_CERTIFICATION
                  || type == PGPSignature.DEFAULT_CERTIFICATION;
          if (self) {
            found.add(sig);
          }
        });
    return found.stream().max(Comparator.comparing(PGPSignature::getCreationTime));
  }

  /** The algorithm as gpg names it: {@code rsa3072}, {@code ed25519}, {@code cv25519}. */
  static String algorithmName(PGPPublicKey key) {
    return switch (key.getAlgorithm()) {
      case PublicKeyAlgorithmTags.RSA_GENERAL,
          PublicKeyAlgorithmTags.RSA_ENCRYPT,
          PublicKeyAlgorithmTags.RSA_SIGN ->
          "rsa" + key.getBitStrength();
      case PublicKeyAlgorithmTags.DSA -> "dsa" + key.getBitStrength();
      case PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT, PublicKeyAlgorithmTags.ELGAMAL_GENERAL ->
          "elg" + key.getBitStrength();
      case PublicKeyAlgorithmTags.ECDH,
          PublicKeyAlgorithmTags.ECDSA,
          PublicKeyAlgorithmTags.EDDSA_LEGACY ->
          curveName(((ECPublicBCPGKey) key.getPublicKeyPacket().getKey()).getCurveOID());
      case PublicKeyAlgorithmTags.Ed25519 -> "ed25519";
      case PublicKeyAlgorithmTags.Ed448 -> "ed448";
      case PublicKeyAlgorithmTags.X25519 -> "cv25519";
      case PublicKeyAlgorithmTags.X448 -> "cv448";
      default -> "algorithm" + key.getAlgorithm();
    };
  }

  private static String curveName(ASN1ObjectIdentifier oid) {
    return switch (oid.getId()) {
      case "1.3.6.1.4.1.11591.15.1", "1.3.101.112" -> "ed25519";
      case "1.3.6.1.4.1.3029.1.5.1", "1.3.101.110" -> "cv25519";
      case "1.3.101.113" -> "ed448";
      case "1.3.101.111" -> "cv448";
      default -> {
        String name = ECNamedCurveTable.getName(oid);
        yield name == null ? oid.getId() : name.toLowerCase(Locale.ROOT);
      }
    };
  }

  private static String armor(PGPPublicKeyRing ring) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ArmoredOutputStream out = new ArmoredOutputStream(bytes)) {
      ring.encode(out, true);
    } catch (IOException e) {
      throw new UnusableKeyException("cannot be written back (" + e.getMessage() + ")", e);
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
