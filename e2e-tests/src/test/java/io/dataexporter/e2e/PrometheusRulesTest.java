package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The operations files: alerting rules and their unit tests (promtool), runbook sections for every
 * alert, the Kubernetes manifests (kustomize), docker-compose.yml and the Grafana dashboard. Runs
 * from the e2e-tests module directory, as surefire does.
 *
 * <p>promtool (Debian package {@code prometheus}) and docker-compose are skipped when absent,
 * except with {@code CI=true}, where a missing promtool fails. kubectl is not a Debian package, so
 * the kustomize build is skipped without it, even in CI; the manifests are then still parsed.
 */
class PrometheusRulesTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path ROOT = MODULE.getParent();
  private static final Path ALERTS = ROOT.resolve("infra/prometheus/alerts.yml");
  private static final Path ALERT_TESTS = ROOT.resolve("infra/prometheus/alerts.test.yml");
  private static final Path OPERATIONS = ROOT.resolve("docs/operations.md");
  private static final Path K8S = ROOT.resolve("infra/k8s");
  private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final String RUNBOOK_PREFIX = "docs/operations.md#";

  /** The variables docker-compose.yml requires, each with no default. */
  private static final List<String> COMPOSE_SECRETS =
      List.of(
          "EXPORTER_ADMIN_TOKEN",
          "EXPORTER_WORKER_HASH_SECRET",
          "POSTGRES_PASSWORD",
          "RABBITMQ_PASSWORD",
          "REDIS_PASSWORD",
          "MINIO_ROOT_USER",
          "MINIO_ROOT_PASSWORD",
          "GRAFANA_ADMIN_PASSWORD");

  /** Environment variables of Compose services that hold a secret. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("PASSWORD|PASS$|SECRET|TOKEN|ACCESS_KEY|AUTH$|ROOT_USER");

  @Test
  void alerting_rules_are_valid() throws Exception {
    Path promtool = requiredTool("promtool", "prometheus");
    assertSucceeds(
        run(promtool.toString(), "check", "rules", "../infra/prometheus/alerts.yml"), "");
    assertSucceeds(
        run(promtool.toString(), "check", "config", "../infra/prometheus/prometheus.yml"), "");
  }

  @Test
  void alerting_rules_pass_their_unit_tests() throws Exception {
    Path promtool = requiredTool("promtool", "prometheus");
    assertSucceeds(
        run(promtool.toString(), "test", "rules", "../infra/prometheus/alerts.test.yml"),
        "SUCCESS");
  }

  @Test
  void every_alert_has_a_severity_annotations_and_a_runbook_section() throws IOException {
    Set<String> anchors = headingAnchors(Files.readString(OPERATIONS));
    Map<String, Map<String, Object>> alerts = alerts();
    assertThat(alerts).as("alerts in %s", ALERTS).isNotEmpty();

    alerts.forEach(
        (name, rule) -> {
          Map<String, Object> labels = map(rule.get("labels"));
          Map<String, Object> annotations = map(rule.get("annotations"));
          assertThat(labels.get("severity"))
              .as("severity label of %s", name)
              .isIn("warning", "critical");
          assertThat(annotations)
              .as("annotations of %s", name)
              .containsKeys("summary", "description", "runbook_url");
          String runbook = String.valueOf(annotations.get("runbook_url"));
          assertThat(runbook).as("runbook_url of %s", name).startsWith(RUNBOOK_PREFIX);
          assertThat(anchors)
              .as("a heading in docs/operations.md for the runbook_url %s of %s", runbook, name)
              .contains(runbook.substring(RUNBOOK_PREFIX.length()));
        });
  }

  @Test
  void every_alert_has_a_firing_and_a_silent_unit_test() throws IOException {
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    Map<String, Object> tests = map(loadYaml(ALERT_TESTS));
    for (Object test : list(tests.get("tests"))) {
      for (Object evaluation : list(map(test).get("alert_rule_test"))) {
        Map<String, Object> check = map(evaluation);
        String alert = String.valueOf(check.get("alertname"));
        (list(check.get("exp_alerts")).isEmpty() ? silent : firing).add(alert);
      }
    }
    Set<String> alerts = alerts().keySet();
    assertThat(firing).as("alerts with a case where they fire").containsAll(alerts);
    assertThat(silent).as("alerts with a case where they stay silent").containsAll(alerts);
  }

  @Test
  void kustomize_builds_the_manifests_with_a_scaled_object() throws Exception {
    Optional<Path> kubectl = onPath("kubectl");
    assumeTrue(kubectl.isPresent(), "kubectl is not installed");
    Result result = run(kubectl.get().toString(), "kustomize", "../infra/k8s");
    assertSucceeds(result, "kind: Deployment");
    assertThat(result.output())
        .as("output of kubectl kustomize ../infra/k8s")
        .containsPattern(Pattern.compile("(?m)^kind: ScaledObject$"));
  }

  @Test
  void every_kustomize_resource_parses() throws IOException {
    Map<String, Object> kustomization = map(loadYaml(K8S.resolve("kustomization.yml")));
    List<Object> resources = list(kustomization.get("resources"));
    assertThat(resources).as("resources of infra/k8s/kustomization.yml").isNotEmpty();
    Set<String> kinds = new LinkedHashSet<>();
    for (Object resource : resources) {
      Path file = K8S.resolve(String.valueOf(resource));
      assertThat(file).as("resource %s", resource).isRegularFile();
      for (Object document : loadAllYaml(file)) {
        if (document == null) {
          continue;
        }
        Map<String, Object> object = map(document);
        assertThat(object).as("a Kubernetes object in %s", file).containsKeys("apiVersion", "kind");
        assertThat(map(object.get("metadata")))
            .as("metadata of %s in %s", object.get("kind"), file)
            .containsKey("name");
        kinds.add(String.valueOf(object.get("kind")));
      }
    }
    assertThat(kinds)
        .contains(
            "Namespace",
            "ConfigMap",
            "Secret",
            "Deployment",
            "Service",
            "ScaledObject",
            "TriggerAuthentication");
  }

  @Test
  void docker_compose_file_is_valid() throws Exception {
    Map<String, Object> services =
        map(map(loadYaml(ROOT.resolve("docker-compose.yml"))).get("services"));
    assertThat(services)
        .containsKeys("gateway", "export-worker", "demo-seed", "prometheus", "grafana", "minio");
    for (String app : List.of("gateway", "export-worker")) {
      assertThat(String.valueOf(map(services.get(app)).get("healthcheck")))
          .as("health check of %s", app)
          .contains("/actuator/health/readiness");
    }
    // `--scale export-worker=N` needs a worker without fixed host ports
    assertThat(map(services.get("export-worker"))).doesNotContainKey("ports");

    Optional<Path> compose = onPath("docker-compose");
    assumeTrue(compose.isPresent(), "docker-compose is not installed");
    Map<String, String> secrets = new LinkedHashMap<>();
    COMPOSE_SECRETS.forEach(name -> secrets.put(name, "test-" + name.toLowerCase(Locale.ROOT)));
    assertSucceeds(
        run(secrets, compose.get().toString(), "-f", "../docker-compose.yml", "config", "-q"), "");
  }

  @Test
  void docker_compose_refuses_to_start_without_each_secret() throws Exception {
    Optional<Path> compose = onPath("docker-compose");
    assumeTrue(compose.isPresent(), "docker-compose is not installed");
    for (String missing : COMPOSE_SECRETS) {
      Map<String, String> secrets = new LinkedHashMap<>();
      COMPOSE_SECRETS.forEach(name -> secrets.put(name, "test-" + name.toLowerCase(Locale.ROOT)));
      secrets.put(missing, null);
      Result result =
          run(secrets, compose.get().toString(), "-f", "../docker-compose.yml", "config", "-q");
      assertThat(result.exitCode()).as("exit code without %s", missing).isNotZero();
      assertThat(result.output()).as("message without %s", missing).contains("set " + missing);
    }
  }

  @Test
  void docker_compose_ships_no_secret_value_and_no_open_admin_surface() throws IOException {
    Map<String, Object> services =
        map(map(loadYaml(ROOT.resolve("docker-compose.yml"))).get("services"));
    services.forEach(
        (name, service) -> {
          Object environment = map(service).get("environment");
          if (environment == null) {
            return;
          }
          map(environment)
              .forEach(
                  (key, value) -> {
                    if (SECRET_NAME.matcher(key).find()) {
                      assertThat(String.valueOf(value))
                          .as("%s of service %s", key, name)
                          .matches("\\$\\{[A-Z_]+:\\?[^}]+}");
                    }
                    assertThat(String.valueOf(value).toLowerCase(Locale.ROOT))
                        .as("%s of service %s", key, name)
                        .doesNotContain("change-me", "minioadmin")
                        .isNotEqualTo("guest");
                  });
        });
    Map<String, Object> redis = map(services.get("redis"));
    assertThat(String.valueOf(redis.get("command"))).as("redis command").contains("requirepass");
    for (String app : List.of("gateway", "export-worker")) {
      assertThat(map(map(services.get(app)).get("environment")))
          .as("environment of %s", app)
          .containsKey("SPRING_DATA_REDIS_PASSWORD");
    }
    assertThat(String.valueOf(map(services.get("prometheus")).get("command")))
        .as("prometheus command")
        .doesNotContain("--web.enable-lifecycle");
    Map<String, Object> grafana = map(map(services.get("grafana")).get("environment"));
    assertThat(String.valueOf(grafana.get("GF_AUTH_ANONYMOUS_ENABLED")))
        .as("Grafana anonymous access")
        .isEqualTo("false");
    assertThat(grafana).doesNotContainKey("GF_AUTH_ANONYMOUS_ORG_ROLE");
  }

  @Test
  void kubernetes_secrets_ship_only_placeholders_the_applications_refuse() throws IOException {
    Map<String, Object> kustomization = map(loadYaml(K8S.resolve("kustomization.yml")));
    Set<String> keys = new TreeSet<>();
    for (Object resource : list(kustomization.get("resources"))) {
      for (Object document : loadAllYaml(K8S.resolve(String.valueOf(resource)))) {
        if (document == null || !"Secret".equals(map(document).get("kind"))) {
          continue;
        }
        assertThat(map(document)).as("a Secret with stringData only").doesNotContainKey("data");
        map(map(document).get("stringData"))
            .forEach(
                (key, value) -> {
                  keys.add(key);
                  if (!key.endsWith("_USERNAME")) {
                    // RefuseInsecureDefaults stops the applications on any "change-me" value
                    assertThat(String.valueOf(value))
                        .as("%s in %s", key, resource)
                        .contains("change-me");
                  }
                });
      }
    }
    assertThat(keys)
        .contains(
            "EXPORTER_ADMIN_TOKEN",
            "EXPORTER_WORKER_HASH_SECRET",
            "EXPORTER_STORAGE_SECRET_KEY",
            "SPRING_DATASOURCE_PASSWORD",
            "SPRING_RABBITMQ_PASSWORD",
            "SPRING_DATA_REDIS_PASSWORD");
  }

  @Test
  void grafana_dashboard_is_valid_json() throws IOException {
    JsonNode dashboard =
        new ObjectMapper()
            .readTree(
                Files.readString(ROOT.resolve("infra/grafana/dashboards/data-exporter.json")));
    assertThat(dashboard.path("title").asString()).isEqualTo("Data Exporter");
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        expressions.add(target.path("expr").asString());
      }
    }
    assertThat(expressions).isNotEmpty().doesNotContain("");
  }

  // ---------------------------------------------------------------- helpers

  private record Result(List<String> command, int exitCode, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    return run(Map.of(), command);
  }

  /**
   * Runs {@code command} with this JVM's environment changed by {@code environment} (null: unset).
   */
  private static Result run(Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(MODULE.toFile()).redirectErrorStream(true);
    environment.forEach(
        (name, value) -> {
          if (value == null) {
            builder.environment().remove(name);
          } else {
            builder.environment().put(name, value);
          }
        });
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output;
    try (InputStream in = process.getInputStream()) {
      output = in.readAllBytes();
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("%s did not finish within 2 minutes", String.join(" ", command));
    }
    return new Result(
        List.of(command), process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static void assertSucceeds(Result result, String expectedOutput) {
    assertThat(result.exitCode())
        .as("exit code of `%s`, output:%n%s", String.join(" ", result.command()), result.output())
        .isZero();
    assertThat(result.output())
        .as("output of `%s`", String.join(" ", result.command()))
        .contains(expectedOutput);
  }

  /** The tool's path; skips the test without it, but fails when {@code CI=true}. */
  private static Path requiredTool(String name, String debianPackage) {
    Optional<Path> tool = onPath(name);
    if (tool.isEmpty() && CI) {
      fail("%s is required in CI (CI=true): apt-get install %s", name, debianPackage);
    }
    assumeTrue(
        tool.isPresent(), name + " is not installed (apt-get install " + debianPackage + ")");
    return tool.get();
  }

  private static Optional<Path> onPath(String name) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
    for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Alert name to rule, over every group of alerts.yml. */
  private static Map<String, Map<String, Object>> alerts() throws IOException {
    Map<String, Map<String, Object>> alerts = new LinkedHashMap<>();
    for (Object group : list(map(loadYaml(ALERTS)).get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        Map<String, Object> r = map(rule);
        if (r.containsKey("alert")) {
          assertThat(alerts.put(String.valueOf(r.get("alert")), r))
              .as("alert %s defined once", r.get("alert"))
              .isNull();
        }
      }
    }
    return alerts;
  }

  /** GitHub-style anchors of the Markdown headings outside fenced code blocks. */
  static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    boolean inFence = false;
    for (String line : markdown.split("\\R")) {
      if (line.stripLeading().startsWith("```")) {
        inFence = !inFence;
        continue;
      }
      Matcher heading = HEADING.matcher(line);
      if (!inFence && heading.matches()) {
        anchors.add(
            heading
                .group(1)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N} _-]", "")
                .replace(' ', '-'));
      }
    }
    return anchors;
  }

  private static Object loadYaml(Path file) throws IOException {
    return yaml().load(Files.readString(file));
  }

  private static List<Object> loadAllYaml(Path file) throws IOException {
    List<Object> documents = new ArrayList<>();
    yaml().loadAll(Files.readString(file)).forEach(documents::add);
    return documents;
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value) {
    if (value == null) {
      return List.of();
    }
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }
}
