package io.dataexporter.job;

import java.util.List;

/**
 * How an export's data and rejected files are encrypted, after compression: an OpenPGP message to
 * each recipient's public key.
 *
 * @param type {@code openpgp}, the only kind
 * @param recipients the public keys, as the request named them (a key's id, fingerprint or key id
 *     among its owner's keys)
 */
public record Encryption(String type, List<String> recipients) {
  public static final String OPENPGP = "openpgp";

  /** File name suffix of an encrypted file. */
  public static final String SUFFIX = ".pgp";

  public static final String CONTENT_TYPE = "application/pgp-encrypted";

  public Encryption {
    recipients = List.copyOf(recipients);
  }
}
