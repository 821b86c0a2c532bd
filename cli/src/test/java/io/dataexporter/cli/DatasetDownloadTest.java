package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code download} of a many-file export: each file in its listed folder (split, type, partition),
 * the data card, schema and manifest beside them, {@code --data-type} choosing whole types, and a
 * listing whose paths could write elsewhere refused before anything is fetched.
 */
class DatasetDownloadTest {
  private static final String ID = "11111111-2222-3333-4444-555555555555";
  private static final String LISTING = "/api/v1/export/download/" + ID;

  @TempDir Path dir;
  private StubServer server;
  private final List<String> files = new ArrayList<>();
  private final List<String> manifest = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Serves {@code body} at a store URL and lists it under {@code path}. */
  private void file(
      String path, String dataType, String kind, String split, String partition, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String url = "/store/" + files.size();
    server.on("GET", url, 200, "application/octet-stream", bytes);
    files.add(
        """
        {"data_type": %s, "name": "%s", "path": "%s", "kind": "%s", "split": %s,
         "partition": %s, "url": "%s%s", "size": %d, "records": %d, "sha256": "%s"}"""
            .formatted(
                quoted(dataType),
                path,
                path,
                kind,
                quoted(split),
                quoted(partition),
                server.url(),
                url,
                bytes.length,
                body.lines().count(),
                sha256(bytes)));
    manifest.add(
        "{\"name\": \"%s\", \"path\": \"%s\", \"sha256\": \"%s\"}"
            .formatted(path, path, sha256(bytes)));
  }

  private void serveListing(String links) {
    String manifestJson =
        "{\"export_id\": \"" + ID + "\", \"files\": [" + String.join(",", manifest) + "]}";
    server.on("GET", "/store/manifest.json", 200, "application/json", manifestJson);
    server.json(
        "GET",
        LISTING,
        200,
        """
        {"export_id": "%s", "files": [%s],
         "manifest_url": "%s/store/manifest.json"%s}"""
            .formatted(ID, String.join(",", files), server.url(), links));
  }

  private void splitParquetExport() {
    file(
        "train/logs/date=2024-01-01/part-00000.parquet",
        "logs",
        "data",
        "train",
        "date=2024-01-01",
        "l1\nl2\n");
    file(
        "train/logs/date=2024-01-02/part-00000.parquet",
        "logs",
        "data",
        "train",
        "date=2024-01-02",
        "l3\n");
    file(
        "test/logs/date=2024-01-01/part-00000.parquet",
        "logs",
        "data",
        "test",
        "date=2024-01-01",
        "l4\n");
    file("train/ips/part-00000.parquet", "ips", "data", "train", null, "i1\n");
    file("test/ips/part-00000.parquet", "ips", "data", "test", null, "");
    file("rejected/logs.jsonl", "logs", "rejected", null, null, "{\"id\":9}\n");
    file("README.md", null, "card", null, null, "---\nconfigs: []\n---\n# export\n");
    file("schema.json", null, "schema", null, null, "{\"profile\": \"data-package\"}");
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  private List<String> saved() throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void every_file_lands_in_its_listed_folder_beside_the_card_schema_and_manifest()
      throws Exception {
    splitParquetExport();
    serveListing(
        ", \"card_url\": \"%1$s/store/card\", \"schema_url\": \"%1$s/store/schema\""
            .formatted(server.url()));

    CliRun run = run("download", ID, dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(saved())
        .containsExactly(
            "README.md",
            "manifest.json",
            "rejected/logs.jsonl",
            "schema.json",
            "test/ips/part-00000.parquet",
            "test/logs/date=2024-01-01/part-00000.parquet",
            "train/ips/part-00000.parquet",
            "train/logs/date=2024-01-01/part-00000.parquet",
            "train/logs/date=2024-01-02/part-00000.parquet");
    assertThat(Files.readString(dir.resolve("train/logs/date=2024-01-02/part-00000.parquet")))
        .isEqualTo("l3\n");
    assertThat(Files.readString(dir.resolve("README.md"))).startsWith("---\nconfigs:");
    assertThat(
            JsonMapper.builder()
                .build()
                .readTree(dir.resolve("manifest.json").toFile())
                .get("files")
                .size())
        .isEqualTo(8);
    assertThat(server.requests)
        .as("the card and schema are listed: their links are not fetched again")
        .noneMatch(r -> r.path().equals("/store/card") || r.path().equals("/store/schema"));
    List<List<String>> rows = run.out().lines().map(l -> List.of(l.strip().split("\\s+"))).toList();
    assertThat(rows.get(0))
        .containsExactly("FILE", "KIND", "SPLIT", "PARTITION", "RECORDS", "BYTES", "SHA-256");
    assertThat(rows)
        .anySatisfy(
            r ->
                assertThat(r.subList(0, 5))
                    .containsExactly(
                        dir.resolve("test/logs/date=2024-01-01/part-00000.parquet").toString(),
                        "data",
                        "test",
                        "date=2024-01-01",
                        "1"))
        .anySatisfy(
            r ->
                assertThat(r.subList(0, 4))
                    .containsExactly(dir.resolve("README.md").toString(), "card", "-", "-"))
        .anySatisfy(
            r ->
                assertThat(r.subList(0, 2))
                    .containsExactly(dir.resolve("manifest.json").toString(), "manifest"));
    assertThat(run.err()).contains("9 file(s)");
  }

  @Test
  void a_card_and_schema_only_linked_are_fetched_and_checked_against_the_manifest()
      throws Exception {
    file("logs/part-00000.csv", "logs", "data", null, null, "id\n1\n");
    String card = "---\npretty_name: x\n---\n";
    server.on("GET", "/store/card", 200, "text/markdown", card);
    server.on("GET", "/store/schema", 200, "application/json", "{}");
    manifest.add(
        "{\"name\": \"README.md\", \"sha256\": \"%s\"}"
            .formatted(sha256(card.getBytes(StandardCharsets.UTF_8))));
    serveListing(
        ", \"card_url\": \"%1$s/store/card\", \"schema_url\": \"%1$s/store/schema\""
            .formatted(server.url()));

    CliRun run = run("download", ID, dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(saved())
        .containsExactly("README.md", "logs/part-00000.csv", "manifest.json", "schema.json");
    assertThat(Files.readString(dir.resolve("README.md"))).isEqualTo(card);

    server.on("GET", "/store/card", 200, "text/markdown", "tampered");
    CliRun tampered = run("download", ID, dir.resolve("again").toString());
    assertThat(tampered.exitCode()).isEqualTo(1);
    assertThat(tampered.err()).contains("README.md does not match the manifest");
    assertThat(dir.resolve("again/README.md")).doesNotExist();
    assertThat(dir.resolve("again/manifest.json.part")).doesNotExist();
  }

  @Test
  void data_type_downloads_every_file_of_that_type_with_the_card_schema_and_manifest()
      throws Exception {
    splitParquetExport();
    serveListing("");

    CliRun run = run("download", ID, dir.toString(), "--data-type", "ips");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(saved())
        .containsExactly(
            "README.md",
            "manifest.json",
            "schema.json",
            "test/ips/part-00000.parquet",
            "train/ips/part-00000.parquet");
  }

  @Test
  void a_data_type_the_export_lacks_is_refused_naming_those_it_has() throws Exception {
    splitParquetExport();
    serveListing("");
    CliRun run = run("download", ID, dir.toString(), "-t", "anomalies");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("the export has no files of data type anomalies (it has: ips, logs)");
    assertThat(saved()).isEmpty();
  }

  @Test
  void one_hostile_path_in_the_listing_means_nothing_is_fetched_or_saved() throws Exception {
    splitParquetExport();
    file("train/../../outside.parquet", "logs", "data", "train", null, "x\n");
    serveListing("");

    CliRun run = run("download", ID, dir.resolve("target").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("refusing the listed file 'train/../../outside.parquet': it holds '..'");
    assertThat(saved()).isEmpty();
    assertThat(server.requests).noneMatch(r -> r.path().startsWith("/store/"));
  }

  @Test
  void a_path_listed_twice_is_refused() throws Exception {
    file("logs/part-00000.csv", "logs", "data", null, null, "a\n");
    file("logs/part-00000.csv", "logs", "data", null, null, "b\n");
    serveListing("");
    CliRun run = run("download", ID, dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("the listing names logs/part-00000.csv twice");
    assertThat(saved()).isEmpty();
  }

  @Test
  void a_409_pointing_at_the_listing_says_how_to_save_every_file() {
    server.json(
        "GET",
        "/api/v1/export/" + ID + "/status",
        409,
        """
        {"title": "Conflict", "status": 409,
         "detail": "logs has 3 files: list them at /api/v1/export/download/%1$s",
         "listing": "/api/v1/export/download/%1$s"}"""
            .formatted(ID));
    CliRun run = run("status", ID);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("409 Conflict: logs has 3 files")
        .contains("listing: /api/v1/export/download/" + ID)
        .contains("exporter-cli download ID DIR [--data-type TYPE]");
  }

  private static String quoted(String text) {
    return text == null ? "null" : "\"" + text + "\"";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
