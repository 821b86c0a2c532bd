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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches the files of a completed export through the presigned URLs of {@code GET /download/{id}}
 * and checks each against the listing's {@code size} and {@code sha256} (or, where the listing
 * gives no checksum, the manifest's). Each file lands at its listed {@code path} (else {@code
 * name}) under the directory, folders created, only once it matched; a mismatch removes it and
 * fails. Every path is checked ({@link ListedPath}) before anything is fetched. {@code
 * manifest.json}, and the data card {@code README.md} and {@code schema.json} when the listing
 * links rather than lists them, are saved beside the files: the folder is a complete dataset.
 */
public final class VerifiedDownload {
  /** The listing's links to files it may not list, and where they are saved. */
  private static final Map<String, String> LINKED = new LinkedHashMap<>();

  static {
    LINKED.put("card_url", "README.md");
    LINKED.put("schema_url", "schema.json");
    LINKED.put("manifest_url", "manifest.json");
  }

  private final ExporterApi api;
  private final JsonMapper json;

  public VerifiedDownload(ExporterApi api, JsonMapper json) {
    this.api = api;
    this.json = json;
  }

  /** One saved file: where it is and what the listing said of it. */
  public record Saved(
      Path path,
      String dataType,
      String kind,
      String split,
      String partition,
      long records,
      long size,
      String sha256) {}

  /** The listing as the server gave it, and the files saved from it. */
  public record Result(JsonNode listing, List<Saved> files) {}

  /** Every file of export {@code exportId} into {@code dir}. */
  public Result into(String exportId, Path dir) {
    return into(exportId, dir, Set.of());
  }

  /**
   * The files of export {@code exportId} into {@code dir}: with {@code dataTypes}, only theirs
   * (data and rejected) and those of no data type (card, schema), however many each has.
   */
  public Result into(String exportId, Path dir, Set<String> dataTypes) {
    JsonNode listing = api.get("/download/" + ExporterApi.segment(exportId));
    Map<Path, JsonNode> wanted = wanted(listing, dir, dataTypes);
    Map<String, Path> linked = new LinkedHashMap<>();
    for (Map.Entry<String, String> link : LINKED.entrySet()) {
      Path target = ListedPath.inside(dir, link.getValue());
      if (Text.field(listing, link.getKey()) != null && !wanted.containsKey(target)) {
        linked.put(link.getKey(), target);
      }
    }
    Path manifestPart = null;
    try {
      Map<String, String> manifestSums = Map.of();
      ExporterApi.Fetched manifest = null;
      if (linked.containsKey("manifest_url")) {
        manifestPart = part(linked.get("manifest_url"));
        Files.createDirectories(dir);
        manifest = api.fetch(Text.field(listing, "manifest_url"), manifestPart);
        manifestSums = sums(manifestPart);
      }
      List<Saved> saved = new ArrayList<>();
      for (Map.Entry<Path, JsonNode> file : wanted.entrySet()) {
        JsonNode entry = file.getValue();
        String name = relative(entry);
        String expected = Text.field(entry, "sha256");
        if (expected == null) {
          expected = manifestSums.get(name);
          if (expected == null) {
            throw new OperationFailed(
                "neither the listing nor the manifest has a SHA-256 for " + name);
          }
        }
        saved.add(fetch(entry, name, expected, file.getKey()));
      }
      for (Map.Entry<String, Path> link : linked.entrySet()) {
        Path target = link.getValue();
        String kind = link.getKey().replace("_url", "");
        if (kind.equals("manifest")) {
          saved.add(keep(manifestPart, target, kind, manifest));
        } else {
          String url = Text.field(listing, link.getKey());
          String name = target.getFileName().toString();
          saved.add(fetchLinked(url, target, kind, manifestSums.get(name)));
        }
      }
      return new Result(listing, saved);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into " + dir + ": " + e.getMessage(), e);
    } finally {
      deleteQuietly(manifestPart);
    }
  }

  /** The listed files to fetch, by target; every path checked, none twice. */
  private static Map<Path, JsonNode> wanted(JsonNode listing, Path dir, Set<String> dataTypes) {
    Map<Path, JsonNode> wanted = new LinkedHashMap<>();
    Set<String> present = new TreeSet<>();
    for (JsonNode file : listing.path("files")) {
      String dataType = Text.field(file, "data_type");
      if (dataType != null) {
        present.add(dataType);
      }
      if (!dataTypes.isEmpty() && dataType != null && !dataTypes.contains(dataType)) {
        continue;
      }
      String relative = relative(file);
      if (wanted.put(ListedPath.inside(dir, relative), file) != null) {
        throw new OperationFailed("the listing names " + relative + " twice; nothing saved");
      }
    }
    for (String type : dataTypes) {
      if (!present.contains(type)) {
        throw new OperationFailed(
            "the export has no files of data type "
                + type
                + " (it has: "
                + String.join(", ", present)
                + ")");
      }
    }
    return wanted;
  }

  /** The file's path under the directory: the listing's {@code path}, else its {@code name}. */
  private static String relative(JsonNode file) {
    String path = Text.field(file, "path");
    return path != null ? path : Text.field(file, "name");
  }

  private Saved fetch(JsonNode file, String name, String expectedSha256, Path target)
      throws IOException {
    Path part = part(target);
    long expectedSize = file.path("size").asLong(-1);
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
        Text.field(file, "split"),
        Text.field(file, "partition"),
        file.path("records").asLong(0),
        got.size(),
        got.sha256());
  }

  /** A linked file (card, schema): checked against the manifest's SHA-256 when it has one. */
  private Saved fetchLinked(String url, Path target, String kind, String expectedSha256)
      throws IOException {
    Path part = part(target);
    Files.createDirectories(target.getParent());
    ExporterApi.Fetched got = api.fetch(url, part);
    if (expectedSha256 != null && !got.sha256().equalsIgnoreCase(expectedSha256)) {
      Files.deleteIfExists(part);
      throw new OperationFailed(
          target.getFileName() + " does not match the manifest: SHA-256 " + got.sha256());
    }
    return keep(part, target, kind, got);
  }

  private static Saved keep(Path part, Path target, String kind, ExporterApi.Fetched got)
      throws IOException {
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    return new Saved(target, null, kind, null, null, 0, got.size(), got.sha256());
  }

  /** The checksums the manifest lists, by file path (and name). */
  private Map<String, String> sums(Path manifest) throws IOException {
    JsonNode document = json.readTree(Files.readString(manifest));
    Map<String, String> sums = new HashMap<>();
    for (JsonNode f : document.path("files")) {
      String sha256 = Text.field(f, "sha256");
      sums.put(Text.field(f, "name"), sha256);
      if (Text.field(f, "path") != null) {
        sums.put(Text.field(f, "path"), sha256);
      }
    }
    return sums;
  }

  private static Path part(Path target) {
    return target.resolveSibling(target.getFileName() + ".part");
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a leftover temporary file is harmless
    }
  }
}
