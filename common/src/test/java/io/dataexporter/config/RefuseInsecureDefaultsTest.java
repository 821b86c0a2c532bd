package io.dataexporter.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.config.RefuseInsecureDefaults.Secret;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class RefuseInsecureDefaultsTest {
  private static final RefuseInsecureDefaults CHECK =
      new RefuseInsecureDefaults(
          Secret.of("exporter.security.admin-token", "EXPORTER_ADMIN_TOKEN", "dev-token"),
          Secret.withBuiltInDefault(
              "exporter.worker.hash-secret", "EXPORTER_WORKER_HASH_SECRET", "built-in"));

  /** Settings with own secrets everywhere, which the test then spoils one by one. */
  private static Map<String, Object> ownSecrets() {
    Map<String, Object> p = new HashMap<>();
    p.put("spring.datasource.password", "db-3f9a");
    p.put("spring.rabbitmq.password", "mq-77c1");
    p.put("spring.data.redis.password", "redis-0d2e");
    p.put("exporter.storage.access-key", "exporter");
    p.put("exporter.storage.secret-key", "s3-b81f");
    p.put("exporter.security.admin-token", "admin-5e0c");
    p.put("exporter.worker.hash-secret", "hash-9a4d");
    return p;
  }

  @Test
  void own_secrets_start() {
    assertThatCode(() -> CHECK.check(environment(ownSecrets()))).doesNotThrowAnyException();
  }

  @Test
  void a_known_default_is_refused_with_the_setting_its_variable_and_the_flag() {
    Map<String, Object> p = ownSecrets();
    p.put("exporter.security.admin-token", "dev-token");

    assertThatThrownBy(() -> CHECK.check(environment(p)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exporter.security.admin-token (EXPORTER_ADMIN_TOKEN)")
        .hasMessageContaining("exporter.allow-insecure-defaults=true")
        .hasMessageContaining("EXPORTER_ALLOW_INSECURE_DEFAULTS=true")
        .hasMessageNotContaining("spring.");
  }

  @Test
  void placeholders_and_the_services_own_default_logins_are_refused() {
    Map<String, Object> p = ownSecrets();
    p.put("spring.datasource.password", "CHANGE_ME");
    p.put("spring.rabbitmq.password", "guest");
    p.put("spring.data.redis.password", "change-me");
    p.put("exporter.storage.secret-key", "minioadmin");

    assertThatThrownBy(() -> CHECK.check(environment(p)))
        .hasMessageContaining("spring.datasource.password (SPRING_DATASOURCE_PASSWORD)")
        .hasMessageContaining("spring.rabbitmq.password (SPRING_RABBITMQ_PASSWORD)")
        .hasMessageContaining("spring.data.redis.password (SPRING_DATA_REDIS_PASSWORD)")
        .hasMessageContaining("exporter.storage.secret-key (EXPORTER_STORAGE_SECRET_KEY)")
        .hasMessageNotContaining("access-key");
  }

  @Test
  void an_unset_secret_whose_built_in_default_is_known_is_refused() {
    Map<String, Object> p = ownSecrets();
    p.remove("exporter.worker.hash-secret");
    p.remove("spring.rabbitmq.password");

    assertThatThrownBy(() -> CHECK.check(environment(p)))
        .hasMessageContaining("exporter.worker.hash-secret (EXPORTER_WORKER_HASH_SECRET)")
        .hasMessageContaining("spring.rabbitmq.password");
  }

  @Test
  void known_defaults_start_when_the_development_flag_is_set_in_the_environment() {
    Map<String, Object> p = ownSecrets();
    p.put("exporter.security.admin-token", "dev-token");
    StandardEnvironment environment = environment(p);
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "env", Map.of("EXPORTER_ALLOW_INSECURE_DEFAULTS", "true")));
    ConfigurationPropertySources.attach(environment);

    assertThatCode(() -> CHECK.check(environment)).doesNotThrowAnyException();
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
    ConfigurationPropertySources.attach(environment);
    return environment;
  }
}
