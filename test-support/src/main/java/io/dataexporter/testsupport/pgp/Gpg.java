package io.dataexporter.testsupport.pgp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The {@code gpg} command with a keyring of its own (a temporary GNUPGHOME), for tests: makes keys
 * (expired ones through {@code --faked-system-time}), revokes them, exports them and decrypts. Keys
 * have no passphrase.
 */
public final class Gpg implements AutoCloseable {
  private final Path home;

  private Gpg(Path home) {
    this.home = home;
  }

  /** Whether a {@code gpg} command runs here. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("gpg", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A new, empty keyring. */
  public static Gpg start() {
    try {
      Path home =
          Files.createTempDirectory(
              "gnupg",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      return new Gpg(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes a key ({@code gpg --quick-gen-key}) and returns its fingerprint.
   *
   * @param algo e.g. {@code rsa2048}, {@code future-default} (ed25519 with a cv25519 subkey),
   *     {@code ed25519}
   * @param usage e.g. {@code default}, {@code sign}
   * @param expire e.g. {@code never}, {@code 1d}
   * @param fakedTime null, or a moment such as {@code 20200101T000000} to make the key then
   */
  public String generate(
      String userId, String algo, String usage, String expire, String fakedTime) {
    List<String> args = new ArrayList<>();
    if (fakedTime != null) {
      args.addAll(List.of("--faked-system-time", fakedTime));
    }
    args.addAll(List.of("--quick-gen-key", userId, algo, usage, expire));
    run(null, args.toArray(String[]::new));
    return fingerprints(userId).get(0);
  }

  /** Adds a subkey ({@code gpg --quick-add-key}). */
  public void addSubkey(
      String fingerprint, String algo, String usage, String expire, String fakedTime) {
    List<String> args = new ArrayList<>();
    if (fakedTime != null) {
      args.addAll(List.of("--faked-system-time", fakedTime));
    }
    args.addAll(List.of("--quick-add-key", fingerprint, algo, usage, expire));
    run(null, args.toArray(String[]::new));
  }

  /** The fingerprints of a key: the primary's first, then its subkeys'. */
  public List<String> fingerprints(String userIdOrFingerprint) {
    String listing =
        new String(
            run(null, "--with-colons", "--list-keys", userIdOrFingerprint), StandardCharsets.UTF_8);
    return listing.lines().filter(l -> l.startsWith("fpr:")).map(l -> l.split(":")[9]).toList();
  }

  /** Revokes the whole key with the revocation certificate gpg made with it. */
  public void revoke(String fingerprint) {
    try {
      String cert =
          Files.readString(home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev"))
              .replace(
                  ":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----");
      run(cert.getBytes(StandardCharsets.US_ASCII), "--import");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Revokes the key's first subkey. */
  public void revokeFirstSubkey(String fingerprint) {
    run(
        "key 1\nrevkey\ny\n0\n\ny\nsave\n".getBytes(StandardCharsets.US_ASCII),
        "--command-fd",
        "0",
        "--edit-key",
        fingerprint);
  }

  /** The public key, ASCII-armored. */
  public String exportPublic(String fingerprint) {
    return new String(run(null, "--armor", "--export", fingerprint), StandardCharsets.US_ASCII);
  }

  /** The private key, ASCII-armored. */
  public String exportSecret(String fingerprint) {
    return new String(
        run(null, "--armor", "--export-secret-keys", fingerprint), StandardCharsets.US_ASCII);
  }

  /** {@code gpg --decrypt}: the plaintext of an OpenPGP message for a key of this keyring. */
  public byte[] decrypt(byte[] message) {
    return run(message, "--decrypt");
  }

  /** Runs gpg in batch mode; fails with its output when it exits with an error. */
  public byte[] run(byte[] input, String... args) {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "gpg",
            "--homedir",
            home.toString(),
            "--batch",
            "--yes",
            "--no-tty",
            "--pinentry-mode",
            "loopback",
            "--passphrase",
            ""));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).start();
      CompletableFuture<byte[]> out =
          CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
      CompletableFuture<byte[]> err =
          CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
      try (var stdin = p.getOutputStream()) {
        if (input != null) {
          stdin.write(input);
        }
      }
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("gpg " + args[0] + " did not finish");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(
            "gpg "
                + String.join(" ", args)
                + " failed: "
                + new String(err.join(), StandardCharsets.UTF_8));
      }
      return out.join();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static byte[] readAll(InputStream in) {
    try (in) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops this keyring's agent and removes it. */
  @Override
  public void close() {
    try {
      new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
          .redirectErrorStream(true)
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no agent to stop
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory
    }
  }
}
