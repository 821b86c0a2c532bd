package io.dataexporter.cli.download;

import io.dataexporter.cli.console.OperationFailed;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Where a listed file goes under the download directory. The listing comes from the server, but a
 * path that could write anywhere else is refused: absolute paths, {@code ..}, backslashes, NUL
 * characters, and anything that would resolve outside the directory (or to the directory itself).
 */
final class ListedPath {
  private ListedPath() {}

  /**
   * {@code dir/relative}, normalized.
   *
   * @throws OperationFailed naming the path and why it was refused
   */
  static Path inside(Path dir, String relative) {
    String why = refusal(relative);
    Path root = dir.toAbsolutePath().normalize();
    Path target = null;
    if (why == null) {
      try {
        target = root.resolve(relative).normalize();
      } catch (InvalidPathException e) {
        why = "it is not a valid path here (" + e.getReason() + ")";
      }
    }
    if (why == null && (!target.startsWith(root) || target.equals(root))) {
      why = "it lands outside " + dir;
    }
    if (why != null) {
      throw new OperationFailed(
          "refusing the listed file '" + printable(relative) + "': " + why + "; nothing saved");
    }
    return target;
  }

  private static String refusal(String relative) {
    if (relative == null || relative.isBlank()) {
      return "it has no name";
    }
    if (relative.indexOf('\0') >= 0) {
      return "it holds a NUL character";
    }
    if (relative.indexOf('\\') >= 0) {
      return "it holds a backslash";
    }
    if (relative.startsWith("/") || Path.of(relative).isAbsolute()) {
      return "it is absolute";
    }
    if (relative.contains("..")) {
      return "it holds '..'";
    }
    return null;
  }

  private static String printable(String text) {
    return text == null ? "" : text.replace("\0", "\\0");
  }
}
