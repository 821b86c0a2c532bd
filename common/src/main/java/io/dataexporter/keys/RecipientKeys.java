package io.dataexporter.keys;

import io.dataexporter.job.Encryption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the keys an export's {@code encryption.recipients} name among its owner's public keys. The
 * gateway resolves them when a request is submitted (refusing unknown or expired ones); the worker
 * resolves them again when it encrypts, so a key deleted or expired meanwhile fails the export
 * instead of being silently skipped.
 */
public final class RecipientKeys {
  private final PublicKeyRepository keys;
  private final Clock clock;

  public RecipientKeys(PublicKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * The outcome for one owner.
   *
   * @param keys the distinct keys named, in the order first named (complete only without problems)
   * @param problems per recipient's index, why it names no usable key
   */
  public record Resolution(List<PublicKey> keys, Map<Integer, String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }

    /** The problems in one sentence, for a failed export's error. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      problems.forEach((i, problem) -> parts.add("recipient " + i + " " + problem));
      return "cannot encrypt: " + String.join("; ", parts);
    }
  }

  /** Resolves {@code encryption}'s recipients among {@code owner}'s keys at the clock's time. */
  public Resolution resolve(String owner, Encryption encryption) {
    return resolve(keys.ofOwner(owner), owner, encryption.recipients(), clock.instant());
  }

  static Resolution resolve(
      List<PublicKey> owned, String owner, List<String> references, Instant now) {
    List<PublicKey> found = new ArrayList<>();
    Map<Integer, String> problems = new LinkedHashMap<>();
    for (int i = 0; i < references.size(); i++) {
      String ref = references.get(i);
      List<PublicKey> named = owned.stream().filter(k -> k.isNamedBy(ref)).toList();
      if (named.isEmpty()) {
        problems.put(
            i,
            "'"
                + ref
                + "' is not a public key of "
                + owner
                + " (give a key's id, fingerprint or 16-digit key id from /api/v1/keys)");
      } else if (named.size() > 1) {
        problems.put(i, "'" + ref + "' names several keys; give the fingerprint");
      } else if (named.get(0).expiredAt(now)) {
        problems.put(
            i,
            "'"
                + ref
                + "' names key "
                + named.get(0).fingerprint()
                + ", which expired at "
                + named.get(0).expiresAt());
      } else if (!found.contains(named.get(0))) {
        found.add(named.get(0));
      }
    }
    return new Resolution(List.copyOf(found), problems);
  }
}
