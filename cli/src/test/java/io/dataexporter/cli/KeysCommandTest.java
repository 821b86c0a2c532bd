package io.dataexporter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/** {@code keys ...}: what each subcommand sends to {@code /api/v1/keys} and prints. */
class KeysCommandTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String BASE = "/api/v1/keys";
  private static final String ID = "9b2f0c1e-7a51-4c3e-9d55-0a1b2c3d4e5f";
  private static final String FINGERPRINT = "5A1D0C3E9F7B2A4C6E8D0F1A3B5C7D9E1F2A3B4C";
  private static final String ARMOR =
      """
      -----BEGIN PGP PUBLIC KEY BLOCK-----

      mDMEZ0AAABYJKwYBBAHaRw8BAQdA0000000000000000000000000000000000000
      =abcd
      -----END PGP PUBLIC KEY BLOCK-----
      """;
  private static final String KEY =
      """
      {"id": "%s", "name": "ops team", "fingerprint": "%s", "key_id": "3B5C7D9E1F2A3B4C",
       "user_ids": ["Ops <ops@example.com>"], "algorithm": "ed25519/cv25519",
       "created_at": "2026-11-29T10:00:00.123Z", "expires_at": null}"""
          .formatted(ID, FINGERPRINT);

  @TempDir Path dir;
  private StubServer server;

  @BeforeEach
  void start() throws Exception {
    server = new StubServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private CliRun run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--url";
    all[args.length + 1] = server.url();
    return CliRun.run(all);
  }

  @Test
  void add_sends_the_armored_text_and_name_and_prints_the_id_and_fingerprint() throws Exception {
    Path file = dir.resolve("ops.asc");
    Files.writeString(file, ARMOR);
    server.json("POST", BASE, 201, KEY);

    CliRun run = run("keys", "add", file.toString(), "--name", "ops team");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(ID);
    assertThat(run.err())
        .contains("key ops team: fingerprint " + FINGERPRINT)
        .contains("key id 3B5C7D9E1F2A3B4C")
        .contains("Ops <ops@example.com>")
        .contains("expires never");
    assertThat(server.requests).hasSize(1);
    assertThat(JSON.readTree(server.requests.get(0).body()))
        .isEqualTo(JSON.createObjectNode().put("public_key", ARMOR).put("name", "ops team"));
  }

  @Test
  void add_without_a_name_sends_none_and_json_prints_the_key() throws Exception {
    Path file = dir.resolve("ops.asc");
    Files.writeString(file, ARMOR);
    server.json("POST", BASE, 201, KEY);

    CliRun run = run("keys", "add", file.toString(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(JSON.readTree(run.out())).isEqualTo(JSON.readTree(KEY));
    assertThat(JSON.readTree(server.requests.get(0).body()).has("name")).isFalse();
  }

  @Test
  void an_unreadable_or_empty_file_is_a_usage_error_sent_nowhere() throws Exception {
    Path empty = dir.resolve("empty.asc");
    Files.writeString(empty, "\n");
    CliRun missing = run("keys", "add", dir.resolve("nope.asc").toString());
    CliRun blank = run("keys", "add", empty.toString());
    CliRun noFile = run("keys", "add");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read").contains("nope.asc");
    assertThat(blank.exitCode()).isEqualTo(2);
    assertThat(blank.err()).contains("is empty");
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(server.requests).isEmpty();
  }

  @Test
  void a_refused_key_prints_the_field_and_a_duplicate_is_a_conflict() throws Exception {
    Path file = dir.resolve("k.asc");
    Files.writeString(file, ARMOR);
    server.json(
        "POST",
        BASE,
        400,
        """
        {"title": "Invalid public key", "status": 400,
         "errors": [{"field": "public_key", "message": "the key has expired"}]}""");
    CliRun refused = run("keys", "add", file.toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("400 Invalid public key").contains("  public_key: the key");

    server.json(
        "POST",
        BASE,
        409,
        "{\"title\": \"Conflict\", \"status\": 409, \"detail\": \"key already added\"}");
    CliRun twice = run("keys", "add", file.toString());
    assertThat(twice.exitCode()).isEqualTo(1);
    assertThat(twice.err()).contains("409 Conflict: key already added");
  }

  @Test
  void list_prints_a_table_and_where_the_page_is() {
    server.json(
        "GET",
        BASE,
        200,
        "{\"items\": [" + KEY + "], \"total\": 1, \"limit\": 100, \"offset\": 0}");
    CliRun run = run("keys", "list");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().lines().toList())
        .hasSize(2)
        .first()
        .satisfies(h -> assertThat(h).startsWith("ID").contains("FINGERPRINT", "USER IDS"));
    assertThat(run.out())
        .contains(ID, "ops team", FINGERPRINT, "never", "2026-11-29T10:00:00Z", "Ops <ops@");
    assertThat(run.err().strip()).isEqualTo("1-1 of 1");

    server.json(
        "GET",
        BASE + "?limit=5&offset=10",
        200,
        "{\"items\": [], \"total\": 1, \"limit\": 5, \"offset\": 10}");
    CliRun page = run("keys", "list", "--limit", "5", "--offset", "10", "--json");
    assertThat(JSON.readTree(page.out()).get("limit").intValue()).isEqualTo(5);
  }

  @Test
  void show_prints_the_keys_details() {
    server.json("GET", BASE + "/" + ID, 200, KEY);
    CliRun run = run("keys", "show", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("fingerprint  " + FINGERPRINT)
        .contains("key id       3B5C7D9E1F2A3B4C")
        .contains("expires      never");
  }

  @Test
  void delete_says_so_whether_the_server_answers_with_a_body_or_not() {
    server.on("DELETE", BASE + "/" + ID, 204, "application/json", "");
    CliRun run = run("keys", "delete", ID);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).isEqualTo(ID + " deleted");
    CliRun json = run("keys", "delete", ID, "--json");
    assertThat(JSON.readTree(json.out()))
        .isEqualTo(JSON.readTree("{\"id\": \"" + ID + "\", \"deleted\": true}"));

    server.json("DELETE", BASE + "/other", 404, "{\"title\": \"Not Found\", \"status\": 404}");
    assertThat(run("keys", "delete", "other").exitCode()).isEqualTo(1);
  }

  @Test
  void keys_without_a_subcommand_is_a_usage_error() {
    assertThat(run("keys").exitCode()).isEqualTo(2);
  }
}
