package io.dataexporter.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The real services the integration tests run against, started once per JVM: containers when a
 * Docker engine is present, else the local PostgreSQL, RabbitMQ and Redis on their standard ports
 * (with database {@code exporter_test} created if absent). The S3 API is always the in-process
 * {@link S3StandIn}.
 */
public final class TestServices {
  private static TestServices instance;

  private final String jdbcUrl;
  private final String dbUser;
  private final String dbPassword;
  private final String rabbitHost;
  private final int rabbitPort;
  private final String redisHost;
  private final int redisPort;
  private final S3StandIn s3;
  private boolean local;

  private TestServices(
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      String rabbitHost,
      int rabbitPort,
      String redisHost,
      int redisPort) {
    this.jdbcUrl = jdbcUrl;
    this.dbUser = dbUser;
    this.dbPassword = dbPassword;
    this.rabbitHost = rabbitHost;
    this.rabbitPort = rabbitPort;
    this.redisHost = redisHost;
    this.redisPort = redisPort;
    this.s3 = S3StandIn.start();
  }

  private TestServices(TestServices base, String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
    this.dbUser = base.dbUser;
    this.dbPassword = base.dbPassword;
    this.rabbitHost = base.rabbitHost;
    this.rabbitPort = base.rabbitPort;
    this.redisHost = base.redisHost;
    this.redisPort = base.redisPort;
    this.s3 = base.s3;
    this.local = base.local;
  }

  /** The same services with another database on the same server (created if absent). */
  public TestServices withDatabase(String database) {
    String server = jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1);
    String query = jdbcUrl.contains("?") ? jdbcUrl.substring(jdbcUrl.indexOf('?')) : "";
    createDatabaseIfAbsent(server + "postgres" + query, dbUser, dbPassword, database);
    return new TestServices(this, server + database + query);
  }

  public static synchronized TestServices get() {
    if (instance == null) {
      instance = dockerAvailable() ? containers() : local();
    }
    return instance;
  }

  private static boolean dockerAvailable() {
    if ("false".equalsIgnoreCase(System.getenv("EXPORTER_TEST_DOCKER"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  @SuppressWarnings("resource")
  private static TestServices containers() {
    PostgreSQLContainer postgres =
        new PostgreSQLContainer("postgres:16-alpine").withDatabaseName("exporter_test");
    RabbitMQContainer rabbit = new RabbitMQContainer("rabbitmq:3.13-management-alpine");
    GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
    postgres.start();
    rabbit.start();
    redis.start();
    return new TestServices(
        postgres.getJdbcUrl(),
        postgres.getUsername(),
        postgres.getPassword(),
        rabbit.getHost(),
        rabbit.getAmqpPort(),
        redis.getHost(),
        redis.getMappedPort(6379));
  }

  /** True when these are the machine's own services (not containers). */
  public boolean isLocal() {
    return local;
  }

  private static TestServices local() {
    String host = env("EXPORTER_TEST_PG_HOST", "127.0.0.1");
    String user = env("EXPORTER_TEST_PG_USER", "postgres");
    String password = env("EXPORTER_TEST_PG_PASSWORD", "");
    String database = env("EXPORTER_TEST_DB", "exporter_test");
    createDatabaseIfAbsent(
        "jdbc:postgresql://" + host + ":5432/postgres", user, password, database);
    TestServices services =
        new TestServices(
            "jdbc:postgresql://" + host + ":5432/" + database,
            user,
            password,
            env("EXPORTER_TEST_RABBIT_HOST", "127.0.0.1"),
            5672,
            env("EXPORTER_TEST_REDIS_HOST", "127.0.0.1"),
            6379);
    services.local = true;
    return services;
  }

  private static void createDatabaseIfAbsent(
      String adminUrl, String user, String password, String database) {
    try (Connection c = DriverManager.getConnection(adminUrl, user, password);
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
        if (rs.next()) {
          return;
        }
      }
      s.execute("CREATE DATABASE \"" + database + "\"");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "local PostgreSQL at " + adminUrl + " is not usable: " + e.getMessage(), e);
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, dbUser, dbPassword);
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public S3StandIn s3() {
    return s3;
  }

  /** Spring properties pointing an application at these services. */
  public Map<String, Object> springProperties() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("spring.datasource.url", jdbcUrl);
    p.put("spring.datasource.username", dbUser);
    p.put("spring.datasource.password", dbPassword);
    p.put("spring.rabbitmq.host", rabbitHost);
    p.put("spring.rabbitmq.port", rabbitPort);
    p.put("spring.data.redis.host", redisHost);
    p.put("spring.data.redis.port", redisPort);
    // own exchange and queues, so a local system running next to the tests never takes their
    // messages
    p.put("exporter.messaging.prefix", "exporter-test");
    p.put("exporter.storage.endpoint", s3.endpoint());
    p.put("exporter.storage.public-endpoint", s3.endpoint());
    p.put("exporter.storage.access-key", S3StandIn.ACCESS_KEY);
    p.put("exporter.storage.secret-key", S3StandIn.SECRET_KEY);
    // the test brokers keep RabbitMQ's well-known guest login, and tests may rely on built-in
    // defaults (the hash-secret placeholder): a development setup, so say so
    p.put("exporter.allow-insecure-defaults", "true");
    return p;
  }
}
