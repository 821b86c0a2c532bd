package io.dataexporter.gateway;

import io.dataexporter.testsupport.TestServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway alone (no worker), started once per test JVM against the real services, on a database
 * of its own ({@code exporter_gateway_test}, or {@code <EXPORTER_TEST_DB>_gateway}) with a fresh
 * exporter schema and the demo source tables, and with messaging names of its own, so no worker of
 * another suite plans what these tests create.
 */
final class RunningGateway {
  static final String ADMIN_TOKEN = "gateway-test-admin-token";
  private static RunningGateway instance;

  final ConfigurableApplicationContext context;
  final String baseUrl;
  final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  final JsonMapper json = JsonMapper.builder().build();
  private final Map<String, String> userTokens = new ConcurrentHashMap<>();

  private RunningGateway(ConfigurableApplicationContext context) {
    this.context = context;
    this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
  }

  static synchronized RunningGateway get() throws Exception {
    if (instance == null) {
      // beside EXPORTER_TEST_DB when set, so branches with other migrations keep apart
      String base = System.getenv("EXPORTER_TEST_DB");
      String database =
          base == null || base.isBlank() ? "exporter_gateway_test" : base + "_gateway";
      TestServices services = TestServices.get().withDatabase(database);
      try (Connection c = services.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS exporter CASCADE");
        s.execute(Files.readString(Path.of("../infra/db/source-schema.sql")));
      }
      Map<String, Object> properties = new LinkedHashMap<>(services.springProperties());
      properties.put("server.port", "0");
      properties.put("exporter.messaging.prefix", "exporter-gateway-test");
      properties.put("exporter.security.admin-token", ADMIN_TOKEN);
      properties.put("exporter.gateway.max-body-size", "64KB");
      // a private range allowed for webhooks (10.0.0.1 stays refused, as is loopback)
      properties.put("exporter.webhooks.allowed-hosts", "10.9.0.0/16");
      // no worker runs here: every export stays pending, so the per-user limits would soon refuse
      properties.put("exporter.security.max-running-per-user", "100000");
      properties.put("exporter.security.max-exports-per-hour", "100000");
      // configured but never created: estimating it fails unexpectedly (a 500)
      properties.put("exporter.datasets.never_created.table", "public.never_created");
      properties.put("exporter.datasets.never_created.id-column", "id");
      properties.put("exporter.datasets.never_created.time-column", "at");
      properties.put("exporter.datasets.never_created.columns", "id,at");
      String[] args =
          properties.entrySet().stream()
              .map(e -> "--" + e.getKey() + "=" + e.getValue())
              .toArray(String[]::new);
      instance = new RunningGateway(ApiGatewayApplication.application().run(args));
    }
    return instance;
  }

  /** A user token for {@code name}, issued once through the admin API. */
  String userToken(String name) {
    return userTokens.computeIfAbsent(
        name,
        n -> {
          try {
            HttpResponse<String> created =
                send("POST", "/api/v1/admin/tokens", "{\"name\":\"" + n + "\"}", ADMIN_TOKEN);
            if (created.statusCode() != 201) {
              throw new IllegalStateException("token for " + n + ": " + created.body());
            }
            return json.readTree(created.body()).get("token").stringValue();
          } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** {@code method path} with a JSON body (null: none) as the holder of {@code token} (or none). */
  HttpResponse<String> send(String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Stored exports, counted in the database: a refused request stores none. */
  long storedExports() {
    return context
        .getBean(org.jdbi.v3.core.Jdbi.class)
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM exporter.export_jobs").mapTo(Long.class).one());
  }

  /** Stored templates, counted in the database. */
  long storedTemplates() {
    return context
        .getBean(org.jdbi.v3.core.Jdbi.class)
        .withHandle(
            h ->
                h.createQuery("SELECT count(*) FROM exporter.export_templates")
                    .mapTo(Long.class)
                    .one());
  }

  JsonNode jsonOf(HttpResponse<String> response) {
    return json.readTree(response.body());
  }
}
