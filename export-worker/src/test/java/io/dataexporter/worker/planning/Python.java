package io.dataexporter.worker.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The row hash as docs/datasets.md tells a Python user to compute it, run by {@code python3} (only
 * the standard library). Without python3 the calling test is skipped, except on CI ({@code CI}
 * set), where it fails.
 */
final class Python {
  private static final String SCRIPT =
      """
      import hashlib, sys
      def row_hash(purpose, seed, key):
          text = purpose + "\\x1f" + seed + "\\x1f" + ("" if key is None else key)
          return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:7], "big") >> 4
      for line in sys.stdin:
          p, s, k = line.rstrip("\\n").split("\\t")
          text = lambda h: bytes.fromhex(h).decode("utf-8")
          print(row_hash(text(p), text(s), None if k == "-" else text(k)))
      """;

  private Python() {}

  /** {@code row_hash(purpose, seed, key)} for each key (null: a NULL key). */
  static List<Long> hashes(String purpose, String seed, List<String> keys) throws Exception {
    Process python;
    try {
      python = new ProcessBuilder("python3", "-c", SCRIPT).redirectErrorStream(true).start();
    } catch (IOException e) {
      if (System.getenv("CI") != null) {
        throw e;
      }
      Assumptions.abort("python3 is not installed: " + e.getMessage());
      throw e;
    }
    try (OutputStream in = python.getOutputStream()) {
      for (String key : keys) {
        String line =
            hex(purpose) + "\t" + hex(seed) + "\t" + (key == null ? "-" : hex(key)) + "\n";
        in.write(line.getBytes(StandardCharsets.UTF_8));
      }
    }
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    }
    assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(String.join("\n", lines)).isZero();
    return lines.stream().map(Long::parseLong).toList();
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }
}
