package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code --wait} follows the event stream (or polls), {@code --download} verifies every file. */
class WaitAndDownloadTest {
  private static final String ID = "11111111-2222-3333-4444-555555555555";
  private static final String BASE = "/api/v1/export/";
  private static final byte[] DATA = "{\"id\":1}\n{\"id\":2}\n".getBytes(StandardCharsets.UTF_8);
  private static final byte[] REJECTED = "{\"id\":3}\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
    server.json("POST", BASE, 200, "{\"export_id\":\"" + ID + "\",\"status\":\"pending\"}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String progress(String status, int percent, int records) {
    return """
        {"export_id":"%s","status":"%s","percent":%d,"records_exported":%d,"records_total":20,\
        "shards_total":2,"shards_completed":%d,"shards_failed":0}"""
        .formatted(ID, status, percent, records, percent / 50);
  }

  private void events(String... documents) {
    StringBuilder stream = new StringBuilder(": connected\n\n");
    for (String d : documents) {
      stream.append("event: progress\ndata: ").append(d).append("\n\n");
    }
    server.on("GET", BASE + ID + "/events", 200, "text/event-stream", stream.toString());
  }

  private void status(String status, String error) {
    server.json(
        "GET",
        BASE + ID + "/status",
        200,
        """
        {"export_id":"%s","status":"%s","total_records":2,"total_size":%d,"error_message":%s}"""
            .formatted(ID, status, DATA.length, error == null ? "null" : "\"" + error + "\""));
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  @Test
  void wait_follows_the_event_stream_to_completion_with_one_line_per_change() {
    events(
        progress("running", 10, 2),
        progress("running", 10, 2),
        progress("running", 60, 12),
        progress("completed", 100, 20));
    status("completed", null);
    CliRun run = run("export", "logs", "--wait", "--token", "t");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(ID);
    assertThat(run.err().lines().filter(l -> l.contains("shards done")))
        .containsExactly(
            " 10% running    2/20 records, 0/2 shards done",
            " 60% running    12/20 records, 1/2 shards done",
            "100% completed  20/20 records, 2/2 shards done");
    assertThat(run.err()).contains("export " + ID + " completed");
    assertThat(server.requests).noneMatch(r -> r.path().endsWith("/progress"));
    assertThat(server.requests.stream().filter(r -> r.path().endsWith("/events")).findFirst())
        .hasValueSatisfying(r -> assertThat(r.authorization()).isEqualTo("Bearer t"));
  }

  @Test
  void on_a_terminal_the_progress_is_one_bar_redrawn_in_place() {
    events(progress("running", 50, 10), progress("completed", 100, 20));
    status("completed", null);
    CliRun run = CliRun.runOnTerminal("export", "logs", "--wait", "--url", server.url());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains("\r[###############---------------]  50% running")
        .contains("\r[##############################] 100% completed");
  }

  @Test
  void when_the_stream_is_refused_progress_is_polled() {
    server.json(
        "GET", BASE + ID + "/events", 429, "{\"title\":\"Too Many Requests\",\"status\":429}");
    server.json("GET", BASE + ID + "/progress", 200, progress("completed", 100, 20));
    status("completed", null);
    CliRun run = run("export", "logs", "--wait");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("live progress unavailable (429); polling every 1.0 s");
    assertThat(run.err()).contains("100% completed");
  }

  @Test
  void a_stream_that_ends_before_the_final_status_is_continued_by_polling() {
    events(progress("running", 50, 10));
    server.json("GET", BASE + ID + "/progress", 200, progress("completed", 100, 20));
    status("completed", null);
    CliRun run = run("export", "logs", "--wait");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(server.requests).anyMatch(r -> r.path().endsWith("/progress"));
  }

  @Test
  void an_export_that_fails_exits_1_with_its_error_and_json_gives_its_status() {
    events(progress("running", 50, 10), progress("failed", 50, 10));
    status("failed", "shard flaky#0 failed");
    CliRun run = run("export", "flaky", "--download", dir.toString(), "--json");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("export " + ID + " failed: shard flaky#0 failed");
    assertThat(JsonMapper.builder().build().readTree(run.out()).get("status").asString())
        .isEqualTo("failed");
    assertThat(server.requests).noneMatch(r -> r.path().contains("/download/"));
  }

  private void listing(String dataSha256, boolean withSha) {
    server.json(
        "GET",
        "/store/manifest.json",
        200,
        """
        {"files":[{"name":"logs.jsonl","sha256":"%s"},{"name":"rejected/logs.jsonl","sha256":"%s"}]}"""
            .formatted(sha256(DATA), sha256(REJECTED)));
    server.on("GET", "/store/logs.jsonl", 200, "application/octet-stream", DATA);
    server.on("GET", "/store/rejected/logs.jsonl", 200, "application/octet-stream", REJECTED);
    String files =
        """
        [{"data_type":"logs","name":"logs.jsonl","kind":"data","url":"%1$s/store/logs.jsonl",
          "size":%2$d,"records":2%3$s},
         {"data_type":"logs","name":"rejected/logs.jsonl","kind":"rejected",
          "url":"%1$s/store/rejected/logs.jsonl","size":%4$d,"records":1%5$s}]"""
            .formatted(
                server.url(),
                DATA.length,
                withSha ? ",\"sha256\":\"" + dataSha256 + "\"" : ",\"sha256\":null",
                REJECTED.length,
                withSha ? ",\"sha256\":\"" + sha256(REJECTED) + "\"" : "");
    server.json(
        "GET",
        BASE + "download/" + ID,
        200,
        "{\"export_id\":\"%s\",\"files\":%s,\"manifest_url\":\"%s/store/manifest.json\"}"
            .formatted(ID, files, server.url()));
  }

  @Test
  void download_saves_every_listed_file_once_size_and_sha256_match() throws Exception {
    events(progress("completed", 100, 20));
    status("completed", null);
    listing(sha256(DATA), true);
    CliRun run = run("export", "logs", "--download", dir.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("logs.jsonl"))).isEqualTo(DATA);
    assertThat(Files.readAllBytes(dir.resolve("rejected/logs.jsonl"))).isEqualTo(REJECTED);
    assertThat(run.out()).contains(dir.resolve("logs.jsonl").toString()).contains(sha256(DATA));
    assertThat(Files.readString(dir.resolve("manifest.json"))).contains("rejected/logs.jsonl");
    assertThat(run.err()).contains("3 file(s)").contains("size and SHA-256 verified");
    assertThat(server.requests.stream().filter(r -> r.path().startsWith("/store/")))
        .as("presigned URLs get no token")
        .allSatisfy(r -> assertThat(r.authorization()).isNull());
  }

  @Test
  void a_file_that_does_not_match_its_listing_is_removed_and_fails() throws Exception {
    listing(sha256("something else".getBytes(StandardCharsets.UTF_8)), true);
    CliRun run = run("download", ID, dir.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("logs.jsonl does not match its listing");
    try (var files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void without_checksums_in_the_listing_the_manifest_is_the_reference() throws Exception {
    listing(null, false);
    CliRun run = run("download", ID, dir.toString(), "--json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("logs.jsonl"))).isEqualTo(DATA);
    assertThat(JsonMapper.builder().build().readTree(run.out()).get("files").size()).isEqualTo(2);
    assertThat(Files.exists(dir.resolve("manifest.json.part"))).isFalse();
    assertThat(Files.exists(dir.resolve("manifest.json"))).isTrue();
  }

  @Test
  void a_listed_name_outside_the_directory_is_refused() {
    server.on("GET", "/store/x", 200, "application/octet-stream", DATA);
    server.json(
        "GET",
        BASE + "download/" + ID,
        200,
        "{\"files\":[{\"name\":\"../escape\",\"url\":\"%s/store/x\",\"size\":%d,\"sha256\":\"%s\"}]}"
            .formatted(server.url(), DATA.length, sha256(DATA)));
    CliRun run = run("download", ID, dir.resolve("sub").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(Files.exists(dir.resolve("escape"))).isFalse();
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
