package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The {@code webhook} of an export request: a destination inside the deployment's network is a 400
 * naming {@code webhook.url} and stores nothing; an accepted one is stored beside the export (not
 * in its config) and shown without its secret; its deliveries are listed like the export is owned.
 */
class WebhookRequestIT {
  private static final String SECRET = "s3cr3t-never-shown";
  private static RunningGateway gateway;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    token = gateway.userToken("wanda");
  }

  private static String export(String webhook) {
    return "{\"data_types\":[\"logs\"],\"webhook\":" + webhook + "}";
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"url\":\"http://10.0.0.1/hook\"}|webhook.url|private",
        "{\"url\":\"http://169.254.169.254/latest/meta-data/\"}|webhook.url|link-local",
        "{\"url\":\"http://[::1]:8080/hook\"}|webhook.url|loopback",
        "{\"url\":\"http://localhost:8080/hook\"}|webhook.url|loopback",
        "{\"url\":\"http://127.0.0.1:8080/hook\"}|webhook.url|loopback",
        "{\"url\":\"http://0.0.0.0/\"}|webhook.url|unspecified",
        "{\"url\":\"ftp://10.9.1.1/hook\"}|webhook.url|http or https",
        "{\"url\":\"/hook\"}|webhook.url|http or https",
        "{\"url\":7}|webhook.url|http or https",
        "{\"secret\":\"x\"}|webhook.url|required",
        "{\"url\":\"http://10.9.1.1/\",\"secret\":\"\"}|webhook.secret|1 to 500",
        "{\"url\":\"http://10.9.1.1/\",\"secret\":5}|webhook.secret|1 to 500",
        "\"http://10.9.1.1/\"|webhook|object",
      })
  void a_webhook_that_may_not_be_called_is_refused_naming_the_field_and_stores_nothing(
      String webhook, String field, String problem) throws Exception {
    long before = gateway.storedExports();
    HttpResponse<String> response = gateway.send("POST", "/api/v1/export", export(webhook), token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode errors = gateway.jsonOf(response).get("errors");
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(e.get("field").stringValue()));
    assertThat(fields).as(response.body()).containsExactly(field);
    assertThat(errors.get(0).get("message").stringValue()).contains(problem);
    assertThat(gateway.storedExports()).isEqualTo(before);
  }

  @Test
  void a_secret_longer_than_500_characters_is_refused() throws Exception {
    long before = gateway.storedExports();
    HttpResponse<String> response =
        gateway.send(
            "POST",
            "/api/v1/export",
            export("{\"url\":\"http://10.9.1.1/\",\"secret\":\"" + "k".repeat(501) + "\"}"),
            token);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("webhook.secret");
    assertThat(gateway.storedExports()).isEqualTo(before);
  }

  @Test
  void an_accepted_webhook_is_stored_beside_the_export_and_shown_without_its_secret()
      throws Exception {
    HttpResponse<String> created =
        gateway.send(
            "POST",
            "/api/v1/export",
            export("{\"url\":\"http://10.9.1.1/hook\",\"secret\":\"" + SECRET + "\"}"),
            token);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    assertThat(created.body()).doesNotContain(SECRET);
    JsonNode body = gateway.jsonOf(created);
    assertThat(body.get("webhook").get("url").stringValue()).isEqualTo("http://10.9.1.1/hook");
    assertThat(body.get("webhook").get("secret_set").booleanValue()).isTrue();
    String id = body.get("export_id").stringValue();

    HttpResponse<String> status =
        gateway.send("GET", "/api/v1/export/" + id + "/status", null, token);
    assertThat(status.body()).doesNotContain(SECRET).contains("\"secret_set\":true");
    assertThat(gateway.send("GET", "/api/v1/export?limit=1000", null, token).body())
        .doesNotContain(SECRET);
    Map<String, Object> row =
        gateway
            .context
            .getBean(org.jdbi.v3.core.Jdbi.class)
            .withHandle(
                h ->
                    h.createQuery(
                            "SELECT webhook_url, webhook_secret, config::text AS config"
                                + " FROM exporter.export_jobs WHERE id = CAST(:id AS uuid)")
                        .bind("id", id)
                        .mapToMap()
                        .one());
    assertThat(row.get("webhook_url")).isEqualTo("http://10.9.1.1/hook");
    assertThat(row.get("webhook_secret")).isEqualTo(SECRET);
    assertThat((String) row.get("config")).doesNotContain("webhook");

    HttpResponse<String> plain =
        gateway.send("POST", "/api/v1/export", "{\"data_types\":[\"logs\"]}", token);
    assertThat(gateway.jsonOf(plain).get("webhook").isNull()).isTrue();
  }

  @Test
  void cancelling_an_export_records_a_delivery_listed_only_to_its_owner() throws Exception {
    String id =
        gateway
            .jsonOf(
                gateway.send(
                    "POST", "/api/v1/export", export("{\"url\":\"http://10.9.1.1/hook\"}"), token))
            .get("export_id")
            .stringValue();
    JsonNode none =
        gateway.jsonOf(gateway.send("GET", "/api/v1/export/" + id + "/webhooks", null, token));
    assertThat(none.get("items")).isEmpty();

    assertThat(gateway.send("POST", "/api/v1/export/" + id + "/cancel", null, token).statusCode())
        .isEqualTo(200);
    HttpResponse<String> listed =
        gateway.send("GET", "/api/v1/export/" + id + "/webhooks/", null, token);
    assertThat(listed.statusCode()).isEqualTo(200);
    JsonNode items = gateway.jsonOf(listed).get("items");
    assertThat(items).hasSize(1);
    JsonNode delivery = items.get(0);
    assertThat(delivery.get("event").stringValue()).isEqualTo("export.cancelled");
    assertThat(delivery.get("url").stringValue()).isEqualTo("http://10.9.1.1/hook");
    // no worker runs here: it waits for its first attempt
    assertThat(delivery.get("status").stringValue()).isEqualTo("pending");
    assertThat(delivery.get("attempts").intValue()).isZero();
    assertThat(delivery.get("attempt_log")).isEmpty();
    assertThat(delivery.get("delivery_id").stringValue()).hasSize(36);

    String other = gateway.userToken("walter");
    assertThat(gateway.send("GET", "/api/v1/export/" + id + "/webhooks", null, other).statusCode())
        .isEqualTo(404);
    assertThat(
            gateway
                .send("GET", "/api/v1/export/" + id + "/webhooks", null, RunningGateway.ADMIN_TOKEN)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void a_template_keeps_its_webhook_and_applies_it_to_the_exports_it_runs() throws Exception {
    HttpResponse<String> refused =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\":\"hooked-bad\",\"config\":" + export("{\"url\":\"http://10.0.0.1/\"}") + "}",
            token);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("config.webhook.url");

    HttpResponse<String> saved =
        gateway.send(
            "POST",
            "/api/v1/export/templates",
            "{\"name\":\"hooked\",\"config\":"
                + export("{\"url\":\"http://10.9.2.2/t\",\"secret\":\"" + SECRET + "\"}")
                + "}",
            token);
    assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    assertThat(saved.body()).doesNotContain(SECRET);
    JsonNode template = gateway.jsonOf(saved);
    assertThat(template.get("webhook").get("url").stringValue()).isEqualTo("http://10.9.2.2/t");
    assertThat(template.get("webhook").get("secret_set").booleanValue()).isTrue();

    HttpResponse<String> run =
        gateway.send(
            "POST",
            "/api/v1/export/templates/" + template.get("template_id").stringValue() + "/run",
            null,
            token);
    assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
    assertThat(run.body()).doesNotContain(SECRET);
    assertThat(gateway.jsonOf(run).get("webhook").get("url").stringValue())
        .isEqualTo("http://10.9.2.2/t");
  }
}
