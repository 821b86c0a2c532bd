package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Every export carries a data card ({@code README.md}) and {@code schema.json}: the card's YAML
 * front matter loads (with Python's yaml) and names the files, and its rows, null shares, min and
 * max, and the manifest's top values, are what the downloaded files hold (checked by {@code
 * card/check_card.py}); the COPY path (CSV of logs) profiles exactly as the general path (JSON
 * Lines); {@code datasets.load_dataset} reads the downloaded folder by the card.
 */
class DataCardIT {
  private static final boolean CI = System.getenv("CI") != null;
  private static RunningSystem system;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
  }

  @Test
  void the_card_and_schema_describe_what_the_files_hold() throws Exception {
    Path jsonl = download(export("jsonl"), dir.resolve("jsonl"));
    Python check = python(List.of(resource("card/check_card.py").toString(), jsonl.toString()));
    assertThat(check.exit()).as(check.output()).isZero();
    assertThat(check.output()).contains("ok 17 columns"); // 9 of logs, 8 of anomalies

    JsonNode schema = system.json.readTree(Files.readString(jsonl.resolve("schema.json")));
    assertThat(schema.get("profile").stringValue()).isEqualTo("data-package");
    assertThat(schema.get("resources")).hasSize(2);
    JsonNode logs = schema.get("resources").get(0);
    assertThat(logs.get("path").stringValue()).isEqualTo("logs.jsonl");
    assertThat(logs.get("mediatype").stringValue()).isEqualTo("application/x-ndjson");
    Map<String, String> types = new HashMap<>();
    logs.get("schema")
        .get("fields")
        .forEach(f -> types.put(f.get("name").stringValue(), f.get("type").stringValue()));
    assertThat(types)
        .containsEntry("id", "integer")
        .containsEntry("timestamp", "datetime")
        .containsEntry("message", "string")
        .containsEntry("metadata", "any");
    assertThat(logs.get("schema").get("fields").get(2).get("description").stringValue())
        .isEqualTo("Host that wrote the line");
  }

  @Test
  void the_copy_path_profiles_as_the_general_path_and_datasets_loads_the_folder() throws Exception {
    String csvId = export("csv");
    Path csv = download(csvId, dir.resolve("csv"));
    Path jsonl = download(export("jsonl"), dir.resolve("jsonl-2"));
    JsonNode fromCopy = system.json.readTree(Files.readString(csv.resolve("manifest.json")));
    JsonNode general = system.json.readTree(Files.readString(jsonl.resolve("manifest.json")));
    assertThat(system.workerCount("exporter.shard.paths", "data_type", "logs", "path", "copy"))
        .as("logs went the COPY path")
        .isPositive();
    assertThat(fromCopy.get("quality").get("logs").get("profiles"))
        .isEqualTo(general.get("quality").get("logs").get("profiles"));
    assertThat(fromCopy.get("quality").get("anomalies").get("profiles"))
        .isEqualTo(general.get("quality").get("anomalies").get("profiles"));
    List<String> kinds = new ArrayList<>();
    fromCopy.get("files").forEach(f -> kinds.add(f.get("kind").stringValue()));
    assertThat(kinds).contains("card", "schema");

    Python has = python(List.of("-c", "import datasets"));
    assumeTrue(
        CI || has.exit() == 0,
        "Python's datasets is missing (pip install datasets); CI requires it");
    String script =
        """
        import sys, datasets
        for name in ("logs", "anomalies"):
            d = datasets.load_dataset(sys.argv[1], name)
            print(name, {s: d[s].num_rows for s in d})
        """;
    Python load = python(List.of("-c", script, csv.toString()));
    assertThat(load.exit()).as(load.output()).isZero();
    for (String type : List.of("logs", "anomalies")) {
      long rows = fromCopy.get("datasets").get(type) == null ? -1 : records(fromCopy, type);
      assertThat(load.output()).contains(type + " {'train': " + rows + "}");
    }
  }

  private static long records(JsonNode manifest, String type) {
    long n = 0;
    for (JsonNode f : manifest.get("files")) {
      if ("data".equals(f.get("kind").stringValue())
          && type.equals(f.get("data_type").stringValue())) {
        n += f.get("records").longValue();
      }
    }
    return n;
  }

  private static String export(String format) throws Exception {
    String id =
        system.submit(
            "{\"data_types\": [\"logs\", \"anomalies\"], \"output_format\": \"" + format + "\"}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    return id;
  }

  /** Every file of the export (and its manifest) into {@code folder}, by its name. */
  private static Path download(String id, Path folder) throws Exception {
    JsonNode listing = system.parse(system.get("/download/" + id));
    List<String> kinds = new ArrayList<>();
    for (JsonNode file : listing.get("files")) {
      kinds.add(file.get("kind").stringValue());
      Path target = folder.resolve(file.get("name").stringValue()).normalize();
      assertThat(target).startsWithRaw(folder);
      Files.createDirectories(target.getParent());
      Files.write(target, system.fetch(file.get("url").stringValue()));
    }
    assertThat(kinds).contains("card", "schema");
    Files.write(
        folder.resolve("manifest.json"), system.fetch(listing.get("manifest_url").stringValue()));
    return folder;
  }

  private static Path resource(String name) throws IOException {
    Path target = dir.resolve(name.replace('/', '-'));
    try (InputStream in = DataCardIT.class.getResourceAsStream("/" + name)) {
      Files.write(target, in.readAllBytes());
    }
    return target;
  }

  private record Python(int exit, String output) {}

  private static Python python(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3"));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Python(process.waitFor(), output);
  }
}
