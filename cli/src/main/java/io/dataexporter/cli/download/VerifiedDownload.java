package io.dataexporter.cli.download;

import io.dataexporter.cli.api.ExporterApi;
import io.dataexporter.cli.console.OperationFailed;
import io.dataexporter.cli.console.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches every file of a completed export through the presigned URLs of {@code GET /download/{id}}
 * and checks each against the listing's {@code size} and {@code sha256}. A file the listing gives
 * no checksum for is checked against the export's manifest instead. A file lands under its listed
 * name only once it matched; a mismatch removes it and fails.
 */
public final class VerifiedDownload {
  private final ExporterApi api;
  private final JsonMapper json;

  public VerifiedDownload(ExporterApi api, JsonMapper json) {
    this.api = api;
    this.json = json;
  }

  /** One verified file: where it is and what the listing said of it. */
  public record Saved(
      Path path, String dataType, String kind, long records, long size, String sha256) {}

  /** The listing as the server gave it, and the files saved from it. */
  public record Result(JsonNode listing, List<Saved> files) {}

  public Result into(String exportId, Path dir) {
    JsonNode listing = api.get("/download/" + ExporterApi.segment(exportId));
    Map<String, String> manifestSums = null;
    List<Saved> saved = new ArrayList<>();
    for (JsonNode file : listing.path("files")) {
      String name = Text.field(file, "name");
      String expected = Text.field(file, "sha256");
      if (expected == null) {
        if (manifestSums == null) {
          manifestSums = manifestSums(listing, dir);
        }
        expected = manifestSums.get(name);
        if (expected == null) {
          throw new OperationFailed(
              "neither the listing nor the manifest has a SHA-256 for " + name);
        }
      }
      saved.add(fetch(file, name, expected, dir));
    }
    return new Result(listing, saved);
  }

  private Saved fetch(JsonNode file, String name, String expectedSha256, Path dir) {
    Path target = inside(dir, name);
    Path part = target.resolveSibling(target.getFileName() + ".part");
    long expectedSize = file.path("size").asLong(-1);
    try {
      Files.createDirectories(target.getParent());
      ExporterApi.Fetched got = api.fetch(Text.field(file, "url"), part);
      if (got.size() != expectedSize || !got.sha256().equalsIgnoreCase(expectedSha256)) {
        Files.deleteIfExists(part);
        throw new OperationFailed(
            name
                + " does not match its listing: got "
                + got.size()
                + " bytes, SHA-256 "
                + got.sha256()
                + "; expected "
                + expectedSize
                + " bytes, SHA-256 "
                + expectedSha256);
      }
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      return new Saved(
          target,
          Text.field(file, "data_type"),
          Text.field(file, "kind"),
          file.path("records").asLong(0),
          got.size(),
          got.sha256());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** The checksums the manifest lists, by file name (for listings without them). */
  private Map<String, String> manifestSums(JsonNode listing, Path dir) {
    Path temp = inside(dir, ".manifest.json.part");
    try {
      Files.createDirectories(dir);
      api.fetch(Text.field(listing, "manifest_url"), temp);
      JsonNode manifest = json.readTree(Files.readString(temp));
      Map<String, String> sums = new HashMap<>();
      manifest.path("files").forEach(f -> sums.put(Text.field(f, "name"), Text.field(f, "sha256")));
      return sums;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a leftover temporary file is harmless
      }
    }
  }

  /** {@code dir/name}, refusing a name that would land outside {@code dir}. */
  private static Path inside(Path dir, String name) {
    Path root = dir.toAbsolutePath().normalize();
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      throw new OperationFailed("the listing names a file outside " + dir + ": " + name);
    }
    return target;
  }
}
