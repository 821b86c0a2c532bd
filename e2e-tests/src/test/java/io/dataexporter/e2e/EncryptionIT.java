package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataexporter.testsupport.pgp.Gpg;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OpenPGP-encrypted exports end to end: the same request encrypted and not, each encrypted file
 * decrypted by the {@code gpg} command of each of two recipients (an ed25519/cv25519 key and an RSA
 * key, in keyrings of their own), compared byte for byte with the unencrypted export's file and
 * with the manifest's {@code sha256_plaintext}.
 */
class EncryptionIT {
  private static RunningSystem system;
  private static Gpg alice;
  private static Gpg bob;
  private static String aliceFpr;
  private static String bobKeyId;
  private static String owner;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        System.getenv("CI") != null || Gpg.available(),
        "the gpg command is not installed: encrypted export tests skipped");
    system = RunningSystem.get();
    owner = system.newUser("enc")[1];
    alice = Gpg.start();
    aliceFpr =
        alice.generate("Alice <alice@example.com>", "future-default", "default", "never", null);
    bob = Gpg.start();
    String bobFpr = bob.generate("Bob <bob@example.com>", "rsa2048", "sign", "never", null);
    bob.addSubkey(bobFpr, "rsa2048", "encr", "never", null);
    upload(alice.exportPublic(aliceFpr));
    bobKeyId = system.parse(upload(bob.exportPublic(bobFpr))).get("key_id").stringValue();
  }

  @AfterAll
  static void stop() {
    if (alice != null) {
      alice.close();
      bob.close();
    }
  }

  @Test
  void a_gzip_csv_export_of_several_shards_decrypts_to_the_unencrypted_exports_bytes()
      throws Exception {
    String request =
        """
        {"data_types": ["logs", "anomalies"], "output_format": "csv", "compression": true,
         "batch_size": 700}""";
    assertEncryptedEqualsPlain(request, 2, 3);
  }

  @Test
  void rejected_files_are_encrypted_too() throws Exception {
    String request =
        """
        {"data_types": ["bad_logs"], "output_format": "jsonl", "validation_level": "strict"}""";
    Map<String, JsonNode> files = assertEncryptedEqualsPlain(request, 2, 1);
    assertThat(files).containsKey("rejected/bad_logs.jsonl.pgp");
  }

  @Test
  void an_export_whose_key_is_deleted_before_it_finalizes_fails_saying_so() throws Exception {
    Gpg carol = Gpg.start();
    try (carol) {
      String fpr =
          carol.generate("Carol <carol@example.com>", "future-default", "default", "never", null);
      String keyId = system.parse(upload(carol.exportPublic(fpr))).get("id").stringValue();
      system.shardConsumers(false);
      String id;
      try {
        id = submit(encrypted("{\"data_types\": [\"logs\"], \"output_format\": \"jsonl\"}", fpr));
        HttpResponse<String> deleted = system.delete("/api/v1/keys/" + keyId, owner);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
      } finally {
        system.shardConsumers(true);
      }
      JsonNode status = system.awaitFinished(id, Duration.ofMinutes(2));
      assertThat(status.get("status").stringValue()).isEqualTo("failed");
      assertThat(status.get("error_message").stringValue())
          .contains("cannot encrypt")
          .contains(fpr)
          .contains("is not a public key of");
    }
  }

  /**
   * Runs the request plain and encrypted to both recipients; every encrypted file is the plain
   * one's name plus {@code .pgp}, stored as application/pgp-encrypted, and decrypts, for each
   * recipient, to exactly the plain file. Returns the encrypted export's manifest entries by name.
   */
  private static Map<String, JsonNode> assertEncryptedEqualsPlain(
      String request, int files, int minShards) throws Exception {
    String plainId = submit(request);
    String encryptedId = submit(encrypted(request, aliceFpr.toLowerCase(), bobKeyId));
    Map<String, JsonNode> plain = filesOf(plainId);
    Map<String, JsonNode> encrypted = filesOf(encryptedId);
    assertThat(encrypted).hasSize(files).hasSameSizeAs(plain);
    JsonNode manifest = manifestOf(encryptedId);
    assertThat(manifest.get("shards").size()).isGreaterThanOrEqualTo(minShards);
    Map<String, JsonNode> manifestFiles = new HashMap<>();
    manifest.get("files").forEach(f -> manifestFiles.put(f.get("name").stringValue(), f));
    for (Map.Entry<String, JsonNode> e : plain.entrySet()) {
      String name = e.getKey() + ".pgp";
      assertThat(encrypted).containsKey(name);
      byte[] plainBytes = system.fetch(e.getValue().get("url").stringValue());
      HttpResponse<byte[]> stored =
          system.http.send(
              HttpRequest.newBuilder(URI.create(encrypted.get(name).get("url").stringValue()))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(stored.headers().firstValue("Content-Type")).hasValue("application/pgp-encrypted");
      byte[] message = stored.body();
      assertThat(encrypted.get(name).get("sha256").stringValue())
          .isEqualTo(RunningSystem.sha256(message));
      assertThat(message).isNotEqualTo(plainBytes);
      assertThat(alice.decrypt(message)).as(name + " for alice").isEqualTo(plainBytes);
      assertThat(bob.decrypt(message)).as(name + " for bob").isEqualTo(plainBytes);
      JsonNode entry = manifestFiles.get(name);
      assertThat(entry.get("sha256").stringValue()).isEqualTo(RunningSystem.sha256(message));
      assertThat(entry.get("sha256_plaintext").stringValue())
          .isEqualTo(RunningSystem.sha256(plainBytes));
    }
    // the manifest itself stays plain JSON, its request showing the recipients as sent
    assertThat(manifest.get("request").get("encryption").get("recipients").get(1).stringValue())
        .isEqualTo(bobKeyId);
    return manifestFiles;
  }

  private static Map<String, JsonNode> filesOf(String id) throws Exception {
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(3));
    assertThat(status.get("status").stringValue()).as(status.toString()).isEqualTo("completed");
    JsonNode listing = system.parse(system.get("/download/" + id, owner));
    Map<String, JsonNode> files = new HashMap<>();
    // data and rejected files; the data card and schema.json stay plain
    listing
        .get("files")
        .forEach(
            f -> {
              if (!f.get("kind").stringValue().equals("card")
                  && !f.get("kind").stringValue().equals("schema")) {
                files.put(f.get("name").stringValue(), f);
              }
            });
    return files;
  }

  private static JsonNode manifestOf(String id) throws Exception {
    JsonNode listing = system.parse(system.get("/download/" + id, owner));
    return Records.readJson(system.fetch(listing.get("manifest_url").stringValue()));
  }

  private static String encrypted(String request, String... recipients) {
    ObjectNode node = (ObjectNode) system.json.readTree(request);
    ObjectNode encryption = node.putObject("encryption");
    encryption.put("type", "openpgp");
    for (String r : recipients) {
      encryption.withArray("recipients").add(r);
    }
    return node.toString();
  }

  private static String submit(String body) throws Exception {
    HttpResponse<String> response = system.post("/", body, owner);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return system.parse(response).get("export_id").stringValue();
  }

  private static HttpResponse<String> upload(String armored) throws Exception {
    HttpResponse<String> created =
        system.post(
            "/api/v1/keys",
            system.json.createObjectNode().put("public_key", armored).toString(),
            owner);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return created;
  }
}
