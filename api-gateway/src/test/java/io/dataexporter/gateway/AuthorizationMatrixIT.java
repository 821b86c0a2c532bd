package io.dataexporter.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Who may call which route: every route of the OpenAPI document against four callers — no token,
 * the user owning the resource, another user, an admin. The rule of each route is in {@link
 * #RULES}; a route in the document without a rule there fails {@link
 * #every_route_in_the_document_has_a_rule}, so a new route cannot ship without one.
 */
class AuthorizationMatrixIT {
  /** Any token; each user sees and changes only their own exports, templates and schedules. */
  enum Rule {
    /** Any valid token (lists are filtered to the caller's own). */
    ANY_USER,
    /**
     * The owner of the export, template or schedule in the path, or an admin; anyone else gets 404.
     */
    OWNER,
    /** Admin tokens only; a user token gets 403. */
    ADMIN
  }

  /** A rule and the body to send (fresh for each call: template names are unique per owner). */
  record Route(Rule rule, Supplier<String> body) {}

  private static final String EXPORT = "{\"data_types\":[\"logs\"]}";

  /** The expected rule per route, as "METHOD path" of the OpenAPI document. */
  static final Map<String, Route> RULES =
      Map.ofEntries(
          Map.entry("POST /api/v1/export", new Route(Rule.ANY_USER, () -> EXPORT)),
          Map.entry("GET /api/v1/export", new Route(Rule.ANY_USER, () -> null)),
          Map.entry("POST /api/v1/export/estimate", new Route(Rule.ANY_USER, () -> EXPORT)),
          Map.entry("GET /api/v1/export/{id}/status", new Route(Rule.OWNER, () -> null)),
          Map.entry("GET /api/v1/export/{id}/progress", new Route(Rule.OWNER, () -> null)),
          Map.entry("GET /api/v1/export/{id}/events", new Route(Rule.OWNER, () -> null)),
          Map.entry("GET /api/v1/export/{id}/webhooks", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/export/{id}/cancel", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/export/{id}/retry", new Route(Rule.OWNER, () -> null)),
          Map.entry("DELETE /api/v1/export/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry("GET /api/v1/export/download/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/export/cleanup", new Route(Rule.ADMIN, () -> null)),
          Map.entry("GET /api/v1/export/stats", new Route(Rule.ADMIN, () -> null)),
          Map.entry(
              "POST /api/v1/export/bulk",
              new Route(
                  Rule.ANY_USER,
                  () -> "{\"action\":\"cancel\",\"export_ids\":[\"" + UUID.randomUUID() + "\"]}")),
          Map.entry("GET /api/v1/export/usage", new Route(Rule.ANY_USER, () -> null)),
          Map.entry("GET /api/v1/datasets", new Route(Rule.ANY_USER, () -> null)),
          Map.entry("GET /api/v1/export/templates", new Route(Rule.ANY_USER, () -> null)),
          Map.entry(
              "POST /api/v1/export/templates",
              new Route(Rule.ANY_USER, AuthorizationMatrixIT::template)),
          Map.entry("GET /api/v1/export/templates/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry(
              "PUT /api/v1/export/templates/{id}",
              new Route(Rule.OWNER, AuthorizationMatrixIT::template)),
          Map.entry("DELETE /api/v1/export/templates/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/export/templates/{id}/run", new Route(Rule.OWNER, () -> null)),
          Map.entry("GET /api/v1/admin/tokens", new Route(Rule.ADMIN, () -> null)),
          Map.entry(
              "POST /api/v1/admin/tokens", new Route(Rule.ADMIN, () -> "{\"name\":\"carol\"}")),
          Map.entry("DELETE /api/v1/admin/tokens/{id}", new Route(Rule.ADMIN, () -> null)),
          Map.entry("GET /api/v1/admin/audit", new Route(Rule.ADMIN, () -> null)),
          Map.entry(
              "POST /api/v1/schedules", new Route(Rule.ANY_USER, AuthorizationMatrixIT::schedule)),
          Map.entry("GET /api/v1/schedules", new Route(Rule.ANY_USER, () -> null)),
          Map.entry("GET /api/v1/schedules/next-fire-times", new Route(Rule.ANY_USER, () -> null)),
          Map.entry("GET /api/v1/schedules/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry(
              "PUT /api/v1/schedules/{id}", new Route(Rule.OWNER, AuthorizationMatrixIT::schedule)),
          Map.entry("DELETE /api/v1/schedules/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/schedules/{id}/pause", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/schedules/{id}/resume", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/schedules/{id}/run", new Route(Rule.OWNER, () -> null)),
          Map.entry(
              "POST /api/v1/schedules/{id}/backfill",
              new Route(
                  Rule.OWNER,
                  () ->
                      "{\"start_date\":\"2026-01-01T00:00:00Z\","
                          + "\"end_date\":\"2026-01-03T00:00:00Z\"}")),
          Map.entry("GET /api/v1/schedules/{id}/runs", new Route(Rule.OWNER, () -> null)),
          Map.entry("POST /api/v1/keys", new Route(Rule.ANY_USER, AuthorizationMatrixIT::key)),
          Map.entry("GET /api/v1/keys", new Route(Rule.ANY_USER, () -> null)),
          Map.entry("GET /api/v1/keys/{id}", new Route(Rule.OWNER, () -> null)),
          Map.entry("DELETE /api/v1/keys/{id}", new Route(Rule.OWNER, () -> null)));

  private static RunningGateway gateway;
  private static JsonNode document;

  @BeforeAll
  static void start() throws Exception {
    gateway = RunningGateway.get();
    document = gateway.jsonOf(gateway.send("GET", "/api/v1/openapi.json", null, null));
  }

  @Test
  void every_route_in_the_document_has_a_rule() {
    assertThat(new TreeSet<>(RULES.keySet()))
        .as("routes in the OpenAPI document; give each new one a rule in RULES")
        .isEqualTo(new TreeSet<>(documentedRoutes()));
  }

  @Test
  void every_route_in_the_document_needs_the_bearer_token() {
    for (String route : documentedRoutes()) {
      JsonNode operation = operation(route);
      assertThat(operation.path("security").toString()).as(route).isEqualTo("[{\"bearer\":[]}]");
      assertThat(operation.path("responses").has("401")).as(route + " documents 401").isTrue();
      if (RULES.get(route) != null && RULES.get(route).rule() == Rule.ADMIN) {
        assertThat(operation.path("responses").has("403")).as(route + " documents 403").isTrue();
      }
    }
  }

  static Stream<String> routes() {
    return RULES.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("routes")
  void without_a_token_every_route_answers_401(String route) throws Exception {
    assertThat(call(route, null, "alice")).as(route).isEqualTo(401);
  }

  @ParameterizedTest
  @MethodSource("routes")
  void the_owner_may_call_owner_and_user_routes_but_not_admin_ones(String route) throws Exception {
    int status = call(route, gateway.userToken("alice"), "alice");
    switch (RULES.get(route).rule()) {
      case ADMIN -> assertThat(status).as(route).isEqualTo(403);
      case OWNER, ANY_USER -> assertThat(status).as(route).isNotIn(401, 403, 404);
    }
  }

  @ParameterizedTest
  @MethodSource("routes")
  void another_user_finds_nothing_of_the_owners(String route) throws Exception {
    int status = call(route, gateway.userToken("bob"), "alice");
    switch (RULES.get(route).rule()) {
      case ADMIN -> assertThat(status).as(route).isEqualTo(403);
      case OWNER -> assertThat(status).as(route).isEqualTo(404);
      case ANY_USER -> assertThat(status).as(route).isNotIn(401, 403, 404);
    }
  }

  @ParameterizedTest
  @MethodSource("routes")
  void an_admin_may_call_every_route(String route) throws Exception {
    assertThat(call(route, RunningGateway.ADMIN_TOKEN, "alice")).as(route).isNotIn(401, 403, 404);
  }

  /**
   * Calls the route as the holder of {@code token} on fresh resources of {@code owner} (an export,
   * a template, a token), so destructive routes do not disturb each other; the status only.
   */
  private static int call(String route, String token, String owner) throws Exception {
    String method = route.substring(0, route.indexOf(' '));
    String path = route.substring(route.indexOf(' ') + 1);
    if (path.contains("{id}")) {
      path = path.replace("{id}", resourceFor(path, owner));
    }
    String body = RULES.get(route).body().get();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.baseUrl + path));
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
    // the status only: an event stream of a pending export would never end
    HttpResponse<InputStream> response =
        gateway.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.body().close();
    return response.statusCode();
  }

  private static String resourceFor(String path, String owner) throws Exception {
    String token = gateway.userToken(owner);
    if (path.startsWith("/api/v1/admin/tokens/")) {
      return created("/api/v1/admin/tokens", "{\"name\":\"dave\"}", RunningGateway.ADMIN_TOKEN)
          .get("id")
          .stringValue();
    }
    if (path.startsWith("/api/v1/export/templates/")) {
      return created("/api/v1/export/templates", template(), token)
          .get("template_id")
          .stringValue();
    }
    if (path.startsWith("/api/v1/keys/")) {
      return created("/api/v1/keys", key(), token).get("id").stringValue();
    }
    if (path.startsWith("/api/v1/schedules/")) {
      return created("/api/v1/schedules", schedule(), token).get("schedule_id").stringValue();
    }
    return created("/api/v1/export", EXPORT, token).get("export_id").stringValue();
  }

  private static JsonNode created(String path, String body, String token) throws Exception {
    HttpResponse<String> response = gateway.send("POST", path, body, token);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
    return gateway.jsonOf(response);
  }

  /**
   * A new key each time (the same fingerprint twice is a 409), made by BouncyCastle: RSA, which can
   * sign and encrypt.
   */
  private static String key() {
    try {
      var generator = java.security.KeyPairGenerator.getInstance("RSA");
      generator.initialize(1024);
      var pair =
          new org.bouncycastle.openpgp.operator.jcajce.JcaPGPKeyPair(
              org.bouncycastle.bcpg.PublicKeyAlgorithmTags.RSA_GENERAL,
              generator.generateKeyPair(),
              new java.util.Date());
      var ring =
          new org.bouncycastle.openpgp.PGPPublicKeyRing(java.util.List.of(pair.getPublicKey()));
      var armored = new java.io.ByteArrayOutputStream();
      try (var out = new org.bouncycastle.bcpg.ArmoredOutputStream(armored)) {
        ring.encode(out);
      }
      return gateway.json.createObjectNode().put("public_key", armored.toString()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String template() {
    return "{\"name\":\"t-" + UUID.randomUUID() + "\",\"config\":" + EXPORT + "}";
  }

  private static String schedule() {
    return "{\"name\":\"s-"
        + UUID.randomUUID()
        + "\",\"cron\":\"@daily\",\"mode\":\"window\",\"window\":\"P1D\",\"export\":"
        + EXPORT
        + "}";
  }

  private static List<String> documentedRoutes() {
    List<String> routes = new ArrayList<>();
    for (var path : document.get("paths").properties()) {
      for (var operation : path.getValue().properties()) {
        routes.add(operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
      }
    }
    return routes;
  }

  private static JsonNode operation(String route) {
    Map<String, String> parts =
        Stream.of(route.split(" ", 2))
            .collect(
                Collectors.toMap(p -> p.startsWith("/") ? "path" : "method", Function.identity()));
    return document
        .get("paths")
        .get(parts.get("path"))
        .get(parts.get("method").toLowerCase(java.util.Locale.ROOT));
  }
}
