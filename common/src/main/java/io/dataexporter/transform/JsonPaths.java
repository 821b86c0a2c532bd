package io.dataexporter.transform;

/**
 * The JSON paths {@code extract} accepts: a JSON Pointer ({@code /user/id}), or dotted keys with an
 * optional {@code $.} ({@code $.user.id}, {@code user.roles.0}). Both become a JSON Pointer.
 */
public final class JsonPaths {
  private JsonPaths() {}

  public static String toPointer(String path) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("path must not be empty");
    }
    if (path.startsWith("/")) {
      return path;
    }
    String dotted = path.startsWith("$.") ? path.substring(2) : path;
    if (dotted.isEmpty()
        || dotted.startsWith(".")
        || dotted.endsWith(".")
        || dotted.contains("..")) {
      throw new IllegalArgumentException(
          "path '" + path + "' is neither a JSON Pointer nor dotted keys");
    }
    StringBuilder pointer = new StringBuilder();
    for (String key : dotted.split("\\.")) {
      pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
    }
    return pointer.toString();
  }
}
