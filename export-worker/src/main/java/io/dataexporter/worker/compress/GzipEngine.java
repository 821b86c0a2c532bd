package io.dataexporter.worker.compress;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Which implementation writes gzip: {@code libdeflate} (whole 4 MiB blocks, each a gzip member;
 * about twice as fast as zlib at the same level) or the JDK's {@code zlib}. {@code auto} takes
 * libdeflate when the system library is installed and zlib otherwise.
 */
public enum GzipEngine {
  LIBDEFLATE,
  ZLIB;

  /**
   * The engine for a setting: {@code auto}, {@code libdeflate} or {@code zlib}.
   *
   * @throws IllegalArgumentException for another word, or {@code libdeflate} where the library
   *     cannot be loaded
   */
  public static GzipEngine choose(String setting) {
    String word = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
    return switch (word) {
      case "auto" -> Libdeflate.loaded() ? LIBDEFLATE : ZLIB;
      case "zlib" -> ZLIB;
      case "libdeflate" -> {
        if (!Libdeflate.loaded()) {
          throw new IllegalArgumentException(
              "exporter.worker.gzip-engine is libdeflate, but " + Libdeflate.problem());
        }
        yield LIBDEFLATE;
      }
      default ->
          throw new IllegalArgumentException(
              "exporter.worker.gzip-engine must be auto, libdeflate or zlib, not '"
                  + setting
                  + "'");
    };
  }

  /** Why libdeflate is not available here, or null when it is. */
  public static String libdeflateProblem() {
    return Libdeflate.problem();
  }

  /** A gzip stream at {@code level} (1..9) writing to {@code out}. */
  public CompressedOutputStream open(OutputStream out, int level) throws IOException {
    return this == LIBDEFLATE
        ? new BlockGzipOutputStream(out, level)
        : new ZlibGzipOutputStream(out, level);
  }
}
