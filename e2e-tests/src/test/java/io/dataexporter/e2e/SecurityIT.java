package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.ValidationLevel;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Tokens, ownership, admin routes, the audit trail, quotas and injection attempts. */
class SecurityIT {
  static RunningSystem system;
  static String alice;
  static String bob;

  @BeforeAll
  static void start() throws Exception {
    system = RunningSystem.get();
    alice = token("alice-" + UUID.randomUUID(), "user", null);
    bob = token("bob-" + UUID.randomUUID(), "user", null);
  }

  private static String token(String name, String role, String expiresAt) throws Exception {
    HttpResponse<String> r =
        system.post(
            "/api/v1/admin/tokens",
            "{\"name\": \""
                + name
                + "\", \"role\": \""
                + role
                + "\""
                + (expiresAt == null ? "" : ", \"expires_at\": \"" + expiresAt + "\"")
                + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return system.parse(r).get("token").stringValue();
  }

  private static String tokenId(String name) throws Exception {
    for (JsonNode t : system.parse(system.get("/api/v1/admin/tokens")).get("items")) {
      if (t.get("name").stringValue().equals(name)) {
        return t.get("id").stringValue();
      }
    }
    throw new AssertionError("no token " + name);
  }

  private static String exportAs(String token, String body) throws Exception {
    HttpResponse<String> r = system.post("/", body, token);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return system.parse(r).get("export_id").stringValue();
  }

  @Test
  void without_a_valid_token_every_api_route_is_401_and_health_stays_open() throws Exception {
    String expiredName = "expired-" + UUID.randomUUID();
    String expired = token(expiredName, "user", "2020-01-01T00:00:00Z");
    String revokedName = "revoked-" + UUID.randomUUID();
    String revoked = token(revokedName, "user", null);
    assertThat(system.get("/", revoked).statusCode()).isEqualTo(200);
    assertThat(system.delete("/api/v1/admin/tokens/" + tokenId(revokedName)).statusCode())
        .isEqualTo(200);
    for (String bad : new String[] {null, "nonsense", "exp_" + "A".repeat(43), expired, revoked}) {
      for (String path :
          List.of(
              "/",
              "/stats",
              "/" + UUID.randomUUID() + "/status",
              "/templates",
              "/api/v1/admin/tokens")) {
        HttpResponse<String> r = system.get(path, bad);
        assertThat(r.statusCode()).as(path + " with " + bad).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type"))
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.body()).doesNotContain(bad == null ? "\u0000" : bad);
      }
      assertThat(system.post("/", "{\"data_types\": [\"ips\"]}", bad).statusCode()).isEqualTo(401);
    }
    String health = system.baseUrl.replace("/api/v1/export", "/actuator/health");
    assertThat(
            system
                .http
                .send(
                    HttpRequest.newBuilder(URI.create(health)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
    String home = system.baseUrl.replace("/api/v1/export", "/");
    HttpResponse<String> page =
        system.http.send(
            HttpRequest.newBuilder(URI.create(home)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void a_user_sees_only_their_own_exports_and_templates() throws Exception {
    String id = exportAs(alice, "{\"data_types\": [\"ips\"], \"output_format\": \"csv\"}");
    system.awaitFinished(id, Duration.ofMinutes(1));
    for (String path :
        List.of(
            "/" + id + "/status",
            "/" + id + "/progress",
            "/download/" + id,
            "/download/" + id + "?data_type=ips")) {
      assertThat(system.get(path, bob).statusCode()).as(path).isEqualTo(404);
      assertThat(system.get(path, alice).statusCode()).as(path).isIn(200, 302);
    }
    assertThat(system.post("/" + id + "/cancel", "", bob).statusCode()).isEqualTo(404);
    assertThat(system.post("/" + id + "/retry", "", bob).statusCode()).isEqualTo(404);
    assertThat(system.delete("/" + id, bob).statusCode()).isEqualTo(404);
    List<String> bobs = new ArrayList<>();
    system
        .parse(system.get("/?limit=1000", bob))
        .get("items")
        .forEach(i -> bobs.add(i.get("export_id").stringValue()));
    assertThat(bobs).doesNotContain(id);
    JsonNode alices = system.parse(system.get("/?limit=1000", alice));
    assertThat(alices.get("total").longValue()).isEqualTo(alices.get("items").size());
    alices.get("items").forEach(i -> assertThat(i.get("export_id").stringValue()).isNotNull());
    assertThat(alices.get("items").valueStream().map(i -> i.get("export_id").stringValue()))
        .contains(id);

    HttpResponse<String> created =
        system.post(
            "/templates", "{\"name\": \"mine\", \"config\": {\"data_types\": [\"ips\"]}}", alice);
    assertThat(created.statusCode()).isEqualTo(201);
    String template = system.parse(created).get("template_id").stringValue();
    assertThat(system.get("/templates/" + template, bob).statusCode()).isEqualTo(404);
    assertThat(system.post("/templates/" + template + "/run", "", bob).statusCode()).isEqualTo(404);
    assertThat(system.delete("/templates/" + template, bob).statusCode()).isEqualTo(404);
    assertThat(
            system
                .parse(system.get("/templates", bob))
                .get("items")
                .valueStream()
                .map(t -> t.get("template_id").stringValue()))
        .doesNotContain(template);
    // the same name is fine for another user
    assertThat(
            system
                .post(
                    "/templates",
                    "{\"name\": \"mine\", \"config\": {\"data_types\": [\"ips\"]}}",
                    bob)
                .statusCode())
        .isEqualTo(201);

    // an admin sees and acts on everything
    assertThat(system.get("/" + id + "/status").statusCode()).isEqualTo(200);
    assertThat(system.get("/templates/" + template).statusCode()).isEqualTo(200);
    assertThat(system.delete("/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void admin_routes_cleanup_and_global_stats_are_for_admins_only() throws Exception {
    for (String path : List.of("/api/v1/admin/tokens", "/api/v1/admin/audit", "/stats")) {
      HttpResponse<String> r = system.get(path, bob);
      assertThat(r.statusCode()).as(path).isEqualTo(403);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(system.get(path).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(system.post("/cleanup", "", bob).statusCode()).isEqualTo(403);
    assertThat(
            system
                .post("/api/v1/admin/tokens", "{\"name\": \"x\", \"role\": \"admin\"}", bob)
                .statusCode())
        .isEqualTo(403);
    assertThat(system.delete("/api/v1/admin/tokens/" + UUID.randomUUID(), bob).statusCode())
        .isEqualTo(403);
  }

  @Test
  void head_follows_get_authorization_on_every_admin_route() throws Exception {
    List<String> adminGets =
        List.of(
            "/api/v1/admin/tokens",
            "/api/v1/admin/tokens/",
            "/api/v1/admin/audit",
            "/api/v1/admin/audit/",
            "/stats",
            "/stats/");
    for (String path : adminGets) {
      assertThat(system.get(path, bob).statusCode()).as("GET " + path).isEqualTo(403);
      assertThat(system.head(path, bob)).as("HEAD " + path).isEqualTo(403);
      assertThat(system.head(path, null)).as("HEAD " + path + " anonymous").isEqualTo(401);
      assertThat(system.head(path, RunningSystem.ADMIN_TOKEN)).as("HEAD " + path).isEqualTo(200);
    }
    for (String path :
        List.of("/cleanup", "/cleanup/", "/api/v1/admin/tokens/" + UUID.randomUUID())) {
      assertThat(system.head(path, bob)).as("HEAD " + path).isEqualTo(403);
    }
    // a user's own routes keep answering HEAD as they answer GET
    assertThat(system.head("/", bob)).isEqualTo(200);
  }

  @Test
  void authentication_failures_are_counted_and_audited_once_per_source_and_minute()
      throws Exception {
    String metrics = system.baseUrl.replace("/api/v1/export", "/actuator/prometheus");
    double before = authFailures(metrics);
    long rowsBefore = auditTotal("authentication_failed");
    String longPath = "/" + UUID.randomUUID() + "/status?junk=" + "x".repeat(4000);
    int attempts = 60;
    for (int i = 0; i < attempts; i++) {
      assertThat(system.get(longPath, i % 2 == 0 ? null : "exp_" + "B".repeat(43)).statusCode())
          .isEqualTo(401);
    }
    assertThat(authFailures(metrics) - before).isGreaterThanOrEqualTo(attempts);
    // flushed from memory every second in these tests; a minute boundary may split the burst
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<JsonNode> rows = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      rows.clear();
      system
          .parse(system.get("/api/v1/admin/audit?limit=20&action=authentication_failed"))
          .get("items")
          .forEach(rows::add);
      long counted =
          rows.stream()
              .filter(e -> e.get("target").stringValue().startsWith(longPath.substring(0, 20)))
              .mapToLong(e -> Long.parseLong(e.get("detail").stringValue().split(" ")[0]))
              .sum();
      if (counted >= attempts) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(auditTotal("authentication_failed") - rowsBefore)
        .as("one row per source address and minute")
        .isBetween(1L, 2L);
    JsonNode newest = rows.get(0);
    assertThat(newest.get("actor").stringValue()).isEqualTo("anonymous");
    assertThat(newest.get("remote_addr").stringValue()).isNotBlank();
    assertThat(newest.get("target").stringValue()).hasSizeLessThanOrEqualTo(200);
    assertThat(newest.get("detail").stringValue()).matches("\\d+ failed attempts? .*");
  }

  private static double authFailures(String metricsUrl) throws Exception {
    HttpResponse<String> r =
        system.http.send(
            HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
            HttpResponse.BodyHandlers.ofString());
    return r.body()
        .lines()
        .filter(l -> l.startsWith("exporter_auth_failures_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static long auditTotal(String action) throws Exception {
    return system
        .parse(system.get("/api/v1/admin/audit?limit=1&action=" + action))
        .get("total")
        .longValue();
  }

  @Test
  void forbidden_and_cross_owner_requests_are_audited() throws Exception {
    String[] mallory = system.newUser("mallory");
    String id = exportAs(alice, "{\"data_types\": [\"ips\"]}");
    HttpResponse<String> created =
        system.post(
            "/templates", "{\"name\": \"alices\", \"config\": {\"data_types\": [\"ips\"]}}", alice);
    String template = system.parse(created).get("template_id").stringValue();
    assertThat(system.get("/stats", mallory[1]).statusCode()).isEqualTo(403);
    assertThat(system.get("/" + id + "/status", mallory[1]).statusCode()).isEqualTo(404);
    assertThat(system.get("/templates/" + template, mallory[1]).statusCode()).isEqualTo(404);
    // an id that exists for nobody is a plain 404, not an access attempt
    assertThat(system.get("/" + UUID.randomUUID() + "/status", mallory[1]).statusCode())
        .isEqualTo(404);
    List<String> entries = new ArrayList<>();
    system
        .parse(system.get("/api/v1/admin/audit?limit=100&actor=" + mallory[0]))
        .get("items")
        .forEach(
            e -> {
              entries.add(e.get("action").stringValue() + " " + e.get("target").stringValue());
              assertThat(e.get("detail").isNull() || e.get("detail").stringValue().length() <= 200)
                  .isTrue();
            });
    assertThat(entries)
        .containsExactlyInAnyOrder(
            "access_denied /api/v1/export/stats",
            "access_denied_not_owner " + id,
            "access_denied_not_owner " + template);
    system.awaitFinished(id, Duration.ofMinutes(1));
  }

  @Test
  void every_audited_action_is_in_the_trail_and_outlives_the_export() throws Exception {
    String carolName = "carol-" + UUID.randomUUID();
    String carol = token(carolName, "user", null);
    String done = exportAs(carol, "{\"data_types\": [\"ips\"]}");
    system.awaitFinished(done, Duration.ofMinutes(1));
    assertThat(system.get("/download/" + done, carol).statusCode()).isEqualTo(200);
    String slow = exportAs(carol, "{\"data_types\": [\"big_events\"]}");
    assertThat(system.post("/" + slow + "/cancel", "", carol).statusCode()).isEqualTo(200);
    assertThat(system.delete("/" + done, carol).statusCode()).isEqualTo(200);
    assertThat(system.get("/", "wrong-token").statusCode()).isEqualTo(401);
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE exporter.export_jobs SET created_at = now() - interval '30 days' WHERE id = '"
              + slow
              + "'");
    }
    assertThat(system.post("/cleanup", "").statusCode()).isEqualTo(200);
    assertThat(system.get("/" + slow + "/status").statusCode()).isEqualTo(404);
    assertThat(system.delete("/api/v1/admin/tokens/" + tokenId(carolName)).statusCode())
        .isEqualTo(200);

    JsonNode trail = system.parse(system.get("/api/v1/admin/audit?limit=1000&actor=" + carolName));
    List<String> entries = new ArrayList<>();
    trail
        .get("items")
        .forEach(
            e -> {
              assertThat(e.get("at").stringValue()).isNotBlank();
              assertThat(e.get("remote_addr").stringValue()).isNotBlank();
              entries.add(e.get("action").stringValue() + " " + e.get("target").stringValue());
            });
    assertThat(entries)
        .contains(
            "export_created " + done,
            "download_signed " + done,
            "export_created " + slow,
            "export_cancelled " + slow,
            "export_deleted " + done);
    JsonNode admin = system.parse(system.get("/api/v1/admin/audit?limit=1000&actor=admin"));
    List<String> adminActions =
        admin.get("items").valueStream().map(e -> e.get("action").stringValue()).toList();
    assertThat(adminActions).contains("token_created", "token_revoked", "cleanup");
    // failures are written in aggregate once their window (3 s in these tests) has closed
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (auditTotal("authentication_failed") == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(auditTotal("authentication_failed")).isPositive();
    // append-only, even for the database user
    try (Connection c = system.services.connect();
        Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM exporter.audit_events"))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void a_user_beyond_their_running_quota_gets_429() throws Exception {
    String daveName = "dave-" + UUID.randomUUID();
    String dave = token(daveName, "user", null);
    ExportJobRepository jobs = system.workers.get(0).getBean(ExportJobRepository.class);
    List<UUID> fillers = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        UUID filler = UUID.randomUUID();
        jobs.insert(
            ExportJob.pending(
                filler,
                new ExportRequest(
                    List.of("ips"),
                    null,
                    null,
                    List.of(),
                    100,
                    false,
                    ValidationLevel.NONE,
                    OutputFormat.JSONL,
                    Compression.NONE,
                    Map.of(),
                    Map.of(),
                    false,
                    null),
                Instant.now(),
                daveName));
        jobs.markPublished(filler, Instant.now());
        fillers.add(filler);
      }
      HttpResponse<String> r = system.post("/", "{\"data_types\": [\"ips\"]}", dave);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    } finally {
      fillers.forEach(jobs::delete);
    }
    assertThat(system.post("/", "{\"data_types\": [\"ips\"]}", dave).statusCode()).isEqualTo(200);
  }

  @Test
  void injection_through_free_text_fields_changes_nothing() throws Exception {
    long logsBefore = count("SELECT count(*) FROM public.logs");
    long templatesBefore = count("SELECT count(*) FROM exporter.export_templates");
    String evil = "x'; DROP TABLE public.logs; --";
    String id =
        exportAs(
            alice,
            "{\"data_types\": [\"logs\"], \"processes\": [\""
                + evil
                + "\", \"nginx\\\" OR 1=1 --\"],"
                + " \"filters\": {\"host\": \"'; DELETE FROM exporter.export_jobs; --\"}, \"output_format\": \"jsonl\"}");
    JsonNode status = system.awaitFinished(id, Duration.ofMinutes(1));
    assertThat(status.get("status").stringValue()).isEqualTo("completed");
    assertThat(status.get("total_records").longValue()).as("no process has those names").isZero();
    HttpResponse<String> template =
        system.post(
            "/templates",
            "{\"name\": \"t'); DROP TABLE exporter.export_templates; --\", \"config\": {\"data_types\": [\"ips\"]}}",
            alice);
    assertThat(template.statusCode()).isEqualTo(201);
    assertThat(system.parse(template).get("name").stringValue())
        .isEqualTo("t'); DROP TABLE exporter.export_templates; --");
    assertThat(system.get("/" + id + "'%20OR%20'1'='1/status", alice).statusCode()).isIn(400, 404);
    assertThat(system.get("/api/v1/admin/audit?actor=x'%20OR%20'1'='1").statusCode())
        .isEqualTo(200);
    assertThat(
            system
                .parse(system.get("/api/v1/admin/audit?actor=x'%20OR%20'1'='1"))
                .get("total")
                .longValue())
        .isZero();
    assertThat(count("SELECT count(*) FROM public.logs")).isEqualTo(logsBefore);
    assertThat(count("SELECT count(*) FROM exporter.export_templates"))
        .isEqualTo(templatesBefore + 1);
  }

  private static long count(String sql) throws Exception {
    try (Connection c = system.services.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
