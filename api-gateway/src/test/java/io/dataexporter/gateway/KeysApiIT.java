package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataexporter.testsupport.pgp.Gpg;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public key API against the running gateway: upload (JSON or raw armor), refusals naming
 * {@code public_key}, duplicates, ownership, and encryption recipients checked on every way an
 * export is asked for.
 */
class KeysApiIT {
  private static final String KEYS = "/api/v1/keys";
  private static RunningGateway gateway;
  private static Gpg gpg;
  private static String rsaFpr;
  private static String edFpr;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(
        System.getenv("CI") != null || Gpg.available(),
        "the gpg command is not installed: key API tests skipped");
    gateway = RunningGateway.get();
    gpg = Gpg.start();
    rsaFpr = gpg.generate("Alice <alice@example.com>", "rsa2048", "sign", "never", null);
    gpg.addSubkey(rsaFpr, "rsa2048", "encr", "never", null);
    edFpr = gpg.generate("Ed <ed@example.com>", "future-default", "default", "never", null);
  }

  @AfterAll
  static void stop() {
    if (gpg != null) {
      gpg.close();
    }
  }

  @Test
  void a_key_is_uploaded_read_listed_and_deleted_by_its_owner_only() throws Exception {
    String token = gateway.userToken("keys-ann");
    HttpResponse<String> created = upload(token, gpg.exportPublic(rsaFpr), "laptop");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode key = gateway.jsonOf(created);
    String id = key.get("id").stringValue();
    assertThat(created.headers().firstValue("Location")).hasValue(KEYS + "/" + id);
    assertThat(key.get("fingerprint").stringValue()).isEqualTo(rsaFpr);
    assertThat(key.get("key_id").stringValue()).isEqualTo(rsaFpr.substring(24));
    assertThat(key.get("name").stringValue()).isEqualTo("laptop");
    assertThat(key.get("algorithm").stringValue()).isEqualTo("rsa2048/rsa2048");
    assertThat(key.get("user_ids").get(0).stringValue()).isEqualTo("Alice <alice@example.com>");
    assertThat(key.get("expires_at").isNull()).isTrue();
    assertThat(key.has("created_at")).isTrue();

    assertThat(gateway.jsonOf(gateway.send("GET", KEYS + "/" + id, null, token))).isEqualTo(key);
    JsonNode page = gateway.jsonOf(gateway.send("GET", KEYS + "?limit=10", null, token));
    assertThat(page.get("total").intValue()).isEqualTo(1);
    assertThat(page.get("items").get(0).get("id").stringValue()).isEqualTo(id);

    String other = gateway.userToken("keys-ben");
    assertThat(gateway.send("GET", KEYS + "/" + id, null, other).statusCode()).isEqualTo(404);
    assertThat(gateway.send("DELETE", KEYS + "/" + id, null, other).statusCode()).isEqualTo(404);
    assertThat(gateway.jsonOf(gateway.send("GET", KEYS, null, other)).get("total").intValue())
        .isZero();
    assertThat(gateway.send("GET", KEYS + "/" + id, null, RunningGateway.ADMIN_TOKEN).statusCode())
        .isEqualTo(200);

    HttpResponse<String> deleted = gateway.send("DELETE", KEYS + "/" + id, null, token);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
    assertThat(gateway.jsonOf(deleted).get("deleted").booleanValue()).isTrue();
    assertThat(gateway.send("GET", KEYS + "/" + id, null, token).statusCode()).isEqualTo(404);
  }

  @Test
  void the_armored_key_itself_may_be_the_body() throws Exception {
    String token = gateway.userToken("keys-cat");
    for (String type : new String[] {"application/pgp-keys", "text/plain"}) {
      HttpResponse<String> created =
          gateway.http.send(
              HttpRequest.newBuilder(URI.create(gateway.baseUrl + KEYS + "?name=raw%20" + type))
                  .header("Authorization", "Bearer " + token)
                  .header("Content-Type", type)
                  .POST(HttpRequest.BodyPublishers.ofString(gpg.exportPublic(edFpr)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      JsonNode key = gateway.jsonOf(created);
      assertThat(key.get("algorithm").stringValue()).isEqualTo("ed25519/cv25519");
      assertThat(key.get("name").stringValue()).isEqualTo("raw " + type);
      gateway.send("DELETE", KEYS + "/" + key.get("id").stringValue(), null, token);
    }
  }

  @Test
  void unusable_keys_are_refused_at_public_key_and_nothing_is_stored() throws Exception {
    String token = gateway.userToken("keys-dan");
    String signOnly = gpg.generate("Sign <sign@example.com>", "ed25519", "sign", "never", null);
    String expired =
        gpg.generate("Old <old@example.com>", "rsa2048", "default", "1d", "20200101T000000");
    String revoked =
        gpg.generate("Rev <rev@example.com>", "future-default", "default", "never", null);
    gpg.revoke(revoked);
    String[][] cases = {
      {"not a key", "must be an ASCII-armored OpenPGP public key"},
      {gpg.exportSecret(edFpr), "is a private key"},
      {gpg.exportPublic(signOnly), "has no encryption key"},
      {gpg.exportPublic(expired), "expired at"},
      {gpg.exportPublic(revoked), "is revoked"},
      {gpg.exportPublic(rsaFpr) + gpg.exportPublic(edFpr), "holds 2 key blocks"},
    };
    for (String[] c : cases) {
      HttpResponse<String> refused = upload(token, c[0], null);
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      JsonNode error = gateway.jsonOf(refused).get("errors").get(0);
      assertThat(error.get("field").stringValue()).isEqualTo("public_key");
      assertThat(error.get("message").stringValue()).contains(c[1]);
    }
    HttpResponse<String> noKey = gateway.send("POST", KEYS, "{\"name\": \"x\"}", token);
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(gateway.jsonOf(noKey).get("errors").get(0).get("field").stringValue())
        .isEqualTo("public_key");
    HttpResponse<String> badName = upload(token, gpg.exportPublic(rsaFpr), "");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(gateway.jsonOf(badName).get("errors").get(0).get("field").stringValue())
        .isEqualTo("name");
    assertThat(storedKeys("keys-dan")).isZero();
  }

  @Test
  void the_same_key_twice_is_a_conflict_for_one_owner_but_not_for_another() throws Exception {
    String token = gateway.userToken("keys-eve");
    assertThat(upload(token, gpg.exportPublic(rsaFpr), null).statusCode()).isEqualTo(201);
    HttpResponse<String> again = upload(token, gpg.exportPublic(rsaFpr), "again");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(again.body()).contains(rsaFpr);
    assertThat(upload(gateway.userToken("keys-fay"), gpg.exportPublic(rsaFpr), null).statusCode())
        .isEqualTo(201);
    assertThat(storedKeys("keys-eve")).isEqualTo(1);
  }

  @Test
  void recipients_must_be_usable_keys_of_the_exports_owner_everywhere() throws Exception {
    String token = gateway.userToken("keys-gus");
    JsonNode key = gateway.jsonOf(upload(token, gpg.exportPublic(edFpr), null));
    String id = key.get("id").stringValue();
    String foreign =
        gateway
            .jsonOf(upload(gateway.userToken("keys-hal"), gpg.exportPublic(rsaFpr), null))
            .get("fingerprint")
            .stringValue();
    long exports = gateway.storedExports();
    long templates = gateway.storedTemplates();
    String bad = encrypted(foreign, "0000000000000000");
    assertRecipientsRefused(gateway.send("POST", "/api/v1/export", bad, token), "");
    assertRecipientsRefused(gateway.send("POST", "/api/v1/export/estimate", bad, token), "");
    assertRecipientsRefused(
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\":\"t-" + UUID.randomUUID() + "\",\"config\":" + bad + "}",
            token),
        "config.");
    assertRecipientsRefused(
        gateway.send("POST", "/api/v1/schedules", schedule(bad), token), "export.");
    assertThat(gateway.storedExports()).isEqualTo(exports);
    assertThat(gateway.storedTemplates()).isEqualTo(templates);

    // by id, fingerprint or key id, in any case
    for (String ref :
        new String[] {
          id.toUpperCase(), edFpr.toLowerCase(), key.get("key_id").stringValue().toLowerCase()
        }) {
      HttpResponse<String> created = gateway.send("POST", "/api/v1/export", encrypted(ref), token);
      assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
      JsonNode status =
          gateway.jsonOf(
              gateway.send(
                  "GET",
                  "/api/v1/export/"
                      + gateway.jsonOf(created).get("export_id").stringValue()
                      + "/status",
                  null,
                  token));
      // recipients are kept as sent
      assertThat(status.get("config").get("encryption").get("recipients").get(0).stringValue())
          .isEqualTo(ref);
    }
  }

  @Test
  void a_key_named_by_a_template_or_schedule_cannot_be_deleted() throws Exception {
    String token = gateway.userToken("keys-ida");
    JsonNode key = gateway.jsonOf(upload(token, gpg.exportPublic(edFpr), null));
    String id = key.get("id").stringValue();
    HttpResponse<String> template =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\":\"encrypted\",\"config\":"
                + encrypted(key.get("key_id").stringValue())
                + "}",
            token);
    assertThat(template.statusCode()).as(template.body()).isEqualTo(201);
    HttpResponse<String> schedule =
        gateway.send("POST", "/api/v1/schedules", schedule(encrypted(edFpr)), token);
    assertThat(schedule.statusCode()).as(schedule.body()).isEqualTo(201);

    HttpResponse<String> refused = gateway.send("DELETE", KEYS + "/" + id, null, token);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
    assertThat(refused.body()).contains("template 'encrypted'").contains("schedule 's-");

    gateway.send(
        "DELETE",
        "/api/v1/export/templates/" + gateway.jsonOf(template).get("template_id").stringValue(),
        null,
        token);
    gateway.send(
        "DELETE",
        "/api/v1/schedules/" + gateway.jsonOf(schedule).get("schedule_id").stringValue(),
        null,
        token);
    assertThat(gateway.send("DELETE", KEYS + "/" + id, null, token).statusCode()).isEqualTo(200);
  }

  private static void assertRecipientsRefused(HttpResponse<String> response, String prefix) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode errors = gateway.jsonOf(response).get("errors");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).get("field").stringValue())
        .isEqualTo(prefix + "encryption.recipients[0]");
    assertThat(errors.get(0).get("message").stringValue()).contains("is not a public key of");
    assertThat(errors.get(1).get("field").stringValue())
        .isEqualTo(prefix + "encryption.recipients[1]");
  }

  private static String encrypted(String... recipients) {
    ObjectNode request = gateway.json.createObjectNode();
    request.putArray("data_types").add("logs");
    ObjectNode encryption = request.putObject("encryption");
    encryption.put("type", "openpgp");
    for (String r : recipients) {
      encryption.withArray("recipients").add(r);
    }
    return request.toString();
  }

  private static String schedule(String export) {
    return "{\"name\":\"s-"
        + UUID.randomUUID()
        + "\",\"cron\":\"@daily\",\"mode\":\"window\",\"window\":\"P1D\",\"export\":"
        + export
        + "}";
  }

  private static HttpResponse<String> upload(String token, String armored, String name)
      throws Exception {
    ObjectNode body = gateway.json.createObjectNode();
    body.put("public_key", armored);
    if (name != null) {
      body.put("name", name);
    }
    return gateway.send("POST", KEYS, body.toString(), token);
  }

  private static long storedKeys(String owner) {
    return gateway
        .context
        .getBean(Jdbi.class)
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM exporter.public_keys WHERE owner = :owner")
                    .bind("owner", owner)
                    .mapTo(Long.class)
                    .one());
  }
}
