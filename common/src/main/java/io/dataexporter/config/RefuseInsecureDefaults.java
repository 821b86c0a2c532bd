package io.dataexporter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Stops an application before it connects to anything when a secret setting holds a value everybody
 * knows: a default shipped by this project (the launcher's admin token, the hash-secret
 * placeholder, any value containing {@code change-me}, as the Kubernetes manifests ship) or by the
 * services themselves (MinIO's {@code minioadmin}, RabbitMQ's {@code guest}). A development setup
 * starts anyway with {@value #ALLOW_PROPERTY}{@code =true} (env {@value #ALLOW_ENV}), logging a
 * warning that names each setting.
 */
public final class RefuseInsecureDefaults
    implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
  public static final String ALLOW_PROPERTY = "exporter.allow-insecure-defaults";
  public static final String ALLOW_ENV = "EXPORTER_ALLOW_INSECURE_DEFAULTS";
  private static final Logger log = LoggerFactory.getLogger(RefuseInsecureDefaults.class);

  /**
   * A secret setting.
   *
   * @param property the Spring property
   * @param env the environment variable the documentation names for it
   * @param valueWhenUnset what the application uses when nothing sets it (null: nothing)
   * @param knownDefaults values that are public knowledge, besides any {@code change-me} text
   */
  public record Secret(
      String property, String env, String valueWhenUnset, Set<String> knownDefaults) {
    public static Secret of(String property, String env, String... knownDefaults) {
      return new Secret(property, env, null, Set.of(knownDefaults));
    }

    /** A secret whose built-in default, used when it is unset, is itself a known value. */
    public static Secret withBuiltInDefault(String property, String env, String builtInDefault) {
      return new Secret(property, env, builtInDefault, Set.of(builtInDefault));
    }

    boolean isKnown(String value) {
      return value != null
          && (knownDefaults.contains(value)
              || value.toLowerCase(Locale.ROOT).replace("_", "-").contains("change-me"));
    }
  }

  /** The secrets of every application: database, broker, Redis and object store logins. */
  static final List<Secret> SHARED =
      List.of(
          Secret.of("spring.datasource.password", "SPRING_DATASOURCE_PASSWORD", "postgres"),
          new Secret(
              "spring.rabbitmq.password", "SPRING_RABBITMQ_PASSWORD", "guest", Set.of("guest")),
          Secret.of("spring.data.redis.password", "SPRING_DATA_REDIS_PASSWORD"),
          Secret.of("exporter.storage.access-key", "EXPORTER_STORAGE_ACCESS_KEY", "minioadmin"),
          Secret.of("exporter.storage.secret-key", "EXPORTER_STORAGE_SECRET_KEY", "minioadmin"));

  private final List<Secret> secrets;

  /** Checks the shared secrets and the application's own. */
  public RefuseInsecureDefaults(Secret... ownSecrets) {
    this.secrets = Stream.concat(SHARED.stream(), Stream.of(ownSecrets)).toList();
  }

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    check(event.getEnvironment());
  }

  /** Throws {@link IllegalStateException} naming every setting that holds a known value. */
  void check(ConfigurableEnvironment environment) {
    Binder binder = Binder.get(environment);
    List<String> found = new ArrayList<>();
    for (Secret secret : secrets) {
      String value = binder.bind(secret.property(), String.class).orElse(secret.valueWhenUnset());
      if (secret.isKnown(value)) {
        found.add(secret.property() + " (" + secret.env() + ")");
      }
    }
    if (found.isEmpty()) {
      return;
    }
    if (binder.bind(ALLOW_PROPERTY, Boolean.class).orElse(false)) {
      log.warn(
          "INSECURE: known default or placeholder secrets in use, allowed by {}=true for"
              + " development only: {}",
          ALLOW_PROPERTY,
          String.join(", ", found));
      return;
    }
    throw new IllegalStateException(
        "Refusing to start: these settings hold a known default or placeholder secret: "
            + String.join(", ", found)
            + ". Set them to your own secrets. Only on a development machine, set "
            + ALLOW_PROPERTY
            + "=true (env "
            + ALLOW_ENV
            + "=true) to start with them anyway.");
  }
}
