package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * zstd exports decode with the {@code zstd} command to exactly the bytes of the plain export of the
 * same request, and of the gzip one: data files of several shards (frames concatenated, on the COPY
 * path for CSV and the general path for JSON Lines and JSON), rejected files, and empty exports.
 */
class ZstdExportIT {
  private static RunningSystem system;

  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    // rows of 6.4 kB of hex digits, which zstd cannot shrink below half: compressed parts of a
    // shard are over 5 MiB, so the store joins the file
    try (var c = system.services.connect();
        var s = c.createStatement()) {
      s.execute(
          """
          DROP TABLE IF EXISTS public.noisy_events;
          CREATE TABLE public.noisy_events (id bigint PRIMARY KEY, at timestamptz NOT NULL,
            payload text NOT NULL);
          INSERT INTO public.noisy_events
            SELECT g, timestamptz '2024-04-01 00:00:00+00' + g * interval '1 second',
                   (SELECT string_agg(md5(g || ':' || i), '') FROM generate_series(1, 200) i)
              FROM generate_series(1, 6000) g;
          ANALYZE public.noisy_events;""");
    }
  }

  @org.junit.jupiter.api.Test
  void a_zstd_file_of_large_parts_is_joined_in_the_store_and_still_decodes() throws Exception {
    double inStore = system.workerCount("exporter.files.assembled", "method", "store");
    String body =
        "{\"data_types\": [\"noisy_events\"], \"output_format\": \"csv\", \"compression\": %s}";
    String zstd = system.submit(body.formatted("\"zstd\", \"compression_level\": 1"));
    String plain = system.submit(body.formatted("false"));
    for (String id : new String[] {zstd, plain}) {
      JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
      assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    }
    assertThat(system.workerCount("exporter.files.assembled", "method", "store") - inStore)
        .as("both files joined by the store")
        .isEqualTo(2);
    JsonNode file = system.parse(system.get("/download/" + zstd)).get("files").get(0);
    byte[] stored = fetch(file, "application/zstd");
    assertThat(file.get("sha256").stringValue()).isEqualTo(RunningSystem.sha256(stored));
    byte[] expected =
        system.fetch(
            system
                .parse(system.get("/download/" + plain))
                .get("files")
                .get(0)
                .get("url")
                .stringValue());
    assertThat(zstdDecompress("noisy.csv.zst", stored)).isEqualTo(expected);
  }

  /** logs has about five shards, bad_logs rows that basic validation rejects. */
  private static final String REQUEST =
      """
      {"data_types": ["logs", "bad_logs"], "output_format": "%s", "validation_level": "basic",
       "include_metadata": false, "batch_size": 700 %s}""";

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"csv", "jsonl", "json"})
  void a_zstd_export_decodes_with_the_zstd_command_to_the_plain_exports_bytes(String format)
      throws Exception {
    double copyShards = shards("logs", "copy");
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("plain", system.submit(REQUEST.formatted(format, "")));
    ids.put("gzip", system.submit(REQUEST.formatted(format, ", \"compression\": \"gzip\"")));
    ids.put(
        "zstd1",
        system.submit(
            REQUEST.formatted(format, ", \"compression\": \"zstd\", \"compression_level\": 1")));
    ids.put(
        "zstd19",
        system.submit(
            REQUEST.formatted(format, ", \"compression\": \"zstd\", \"compression_level\": 19")));
    Map<String, JsonNode> listings = new LinkedHashMap<>();
    for (var id : ids.entrySet()) {
      JsonNode status = system.awaitFinished(id.getValue(), Duration.ofMinutes(2));
      assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
      listings.put(id.getKey(), system.parse(system.get("/download/" + id.getValue())));
    }
    int logShards =
        system
            .parse(system.get("/" + ids.get("zstd1") + "/progress"))
            .get("shards_total")
            .intValue();
    assertThat(logShards).as("several shards, so several frames per file").isGreaterThan(3);
    if (format.equals("csv")) {
      assertThat(shards("logs", "copy") - copyShards).as("CSV took the COPY path").isPositive();
    }

    List<JsonNode> plainFiles = new ArrayList<>();
    // the data card and schema.json describe the files: they are never compressed
    listings.get("plain").get("files").forEach(plainFiles::add);
    plainFiles.removeIf(f -> !Set.of("data", "rejected").contains(f.get("kind").stringValue()));
    assertThat(plainFiles).hasSize(3); // logs, bad_logs and rejected/bad_logs.jsonl
    for (JsonNode plain : plainFiles) {
      String name = plain.get("name").stringValue();
      byte[] expected = system.fetch(plain.get("url").stringValue());
      assertThat(expected).isNotEmpty();

      JsonNode gzip = file(listings.get("gzip"), name + ".gz");
      assertThat(Records.gunzip(fetch(gzip, "application/gzip"))).isEqualTo(expected);

      long[] sizes = new long[2];
      int i = 0;
      for (String zstd : new String[] {"zstd1", "zstd19"}) {
        JsonNode file = file(listings.get(zstd), name + ".zst");
        byte[] stored = fetch(file, "application/zstd");
        assertThat(file.get("size").longValue()).isEqualTo(stored.length);
        assertThat(file.get("sha256").stringValue()).isEqualTo(RunningSystem.sha256(stored));
        assertThat(file.get("records").longValue()).isEqualTo(plain.get("records").longValue());
        assertThat(zstdDecompress(name + "." + zstd, stored)).as(name).isEqualTo(expected);
        if (name.startsWith("logs.")) {
          assertThat(frames(stored)).as("a frame per part, header and footer").isGreaterThan(3);
        }
        sizes[i++] = stored.length;
      }
      if (name.startsWith("logs.")) {
        assertThat(sizes[1]).as("level 19 is smaller than level 1").isLessThan(sizes[0]);
      }
    }

    JsonNode manifest =
        Records.readJson(system.fetch(listings.get("zstd19").get("manifest_url").stringValue()));
    assertThat(manifest.get("request").get("compression").stringValue()).isEqualTo("zstd");
    assertThat(manifest.get("request").get("compression_level").intValue()).isEqualTo(19);
    // data and rejected files are zstd; the data card and schema.json are plain text
    assertThat(manifest.get("files"))
        .filteredOn(f -> Set.of("data", "rejected").contains(f.get("kind").stringValue()))
        .hasSize(3)
        .allSatisfy(f -> assertThat(f.get("name").stringValue()).endsWith(".zst"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"csv", "jsonl", "json"})
  void an_empty_zstd_export_is_still_a_valid_zstd_file(String format) throws Exception {
    String range =
        ", \"start_date\": \"2030-01-01T00:00:00Z\", \"end_date\": \"2030-01-02T00:00:00Z\","
            + " \"include_metadata\": false";
    String plain =
        system.submit(
            """
            {"data_types": ["logs"], "output_format": "%s" %s}"""
                .formatted(format, range));
    String zstd =
        system.submit(
            """
            {"data_types": ["logs"], "output_format": "%s", "compression": "zstd" %s}"""
                .formatted(format, range));
    for (String id : new String[] {plain, zstd}) {
      JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
      assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    }
    JsonNode plainFile = system.parse(system.get("/download/" + plain)).get("files").get(0);
    JsonNode zstdFile = system.parse(system.get("/download/" + zstd)).get("files").get(0);
    assertThat(zstdFile.get("name").stringValue()).isEqualTo("logs." + format + ".zst");
    assertThat(zstdFile.get("records").longValue()).isZero();
    byte[] stored = fetch(zstdFile, "application/zstd");
    assertThat(stored).isNotEmpty();
    assertThat(zstdDecompress("empty." + format + ".zst", stored))
        .isEqualTo(system.fetch(plainFile.get("url").stringValue()));
  }

  @org.junit.jupiter.api.Test
  void the_estimate_gives_zstd_19_the_smallest_size() throws Exception {
    long[] bytes = new long[3];
    String[] compression = {"false", "\"zstd\"", "\"zstd\", \"compression_level\": 19"};
    for (int i = 0; i < bytes.length; i++) {
      HttpResponse<String> response =
          system.post(
              "/estimate",
              "{\"data_types\": [\"logs\"], \"output_format\": \"csv\", \"compression\": "
                  + compression[i]
                  + "}");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      bytes[i] = system.parse(response).get("data_types").get("logs").get("bytes").longValue();
    }
    assertThat(bytes[1]).isLessThan(bytes[0] / 5);
    assertThat(bytes[2]).isLessThan(bytes[1]).isPositive();
  }

  /** Downloads a listed file, checking the content type the store serves it with. */
  private static byte[] fetch(JsonNode file, String contentType) throws Exception {
    HttpResponse<byte[]> response =
        system.http.send(
            HttpRequest.newBuilder(URI.create(file.get("url").stringValue())).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
    return response.body();
  }

  private static JsonNode file(JsonNode listing, String name) {
    for (JsonNode f : listing.get("files")) {
      if (f.get("name").stringValue().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no file " + name + " in " + listing);
  }

  /** Occurrences of the zstd frame magic number (28 B5 2F FD). */
  private static int frames(byte[] bytes) {
    int count = 0;
    for (int i = 0; i + 3 < bytes.length; i++) {
      if ((bytes[i] & 0xff) == 0x28
          && (bytes[i + 1] & 0xff) == 0xb5
          && (bytes[i + 2] & 0xff) == 0x2f
          && (bytes[i + 3] & 0xff) == 0xfd) {
        count++;
      }
    }
    return count;
  }

  /**
   * What {@code zstd -d} makes of the bytes, as users will run it. Where the command is missing the
   * test is skipped, except on CI ({@code .ci/run} installs Debian's package zstd).
   */
  private static byte[] zstdDecompress(String name, byte[] stored) throws Exception {
    boolean installed;
    try {
      installed = new ProcessBuilder("zstd", "--version").start().waitFor() == 0;
    } catch (IOException e) {
      installed = false;
    }
    if (System.getenv("CI") == null) {
      assumeTrue(installed, "the zstd command is not installed (Debian package zstd): skipped");
    }
    Path file = Files.write(dir.resolve(name.replace('/', '_')), stored);
    Path out = dir.resolve(name.replace('/', '_') + ".out");
    Process zstd =
        new ProcessBuilder("zstd", "-d", "-q", "-f", file.toString(), "-o", out.toString())
            .redirectErrorStream(true)
            .start();
    String messages = new String(zstd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(zstd.waitFor()).as("zstd -d: " + messages).isZero();
    return Files.readAllBytes(out);
  }

  /** Completed shards of a data type by path, over both workers. */
  private static double shards(String dataType, String path) {
    return system.workerCount("exporter.shard.paths", "data_type", dataType, "path", path);
  }
}
