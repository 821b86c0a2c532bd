package io.dataexporter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.gateway.ApiGatewayApplication;
import io.dataexporter.testsupport.TestServices;
import io.dataexporter.worker.ExportWorkerApplication;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * What the gateway and a worker do at start-up: refuse known default secrets unless the development
 * flag allows them, and run each scheduled task on a thread of its own. Both applications run in
 * this JVM on a database ({@code exporter_startup}) and queues ({@code exporter-startup.*}) of
 * their own.
 */
class StartupIT {
  private static final String DEV_ADMIN_TOKEN = "dev-admin-token-change-me";
  private static Map<String, Object> common;
  private static ConfigurableApplicationContext gateway;
  private static ConfigurableApplicationContext worker;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = TestServices.get().withDatabase("exporter_startup");
    try (Connection c = services.connect();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS exporter CASCADE");
    }
    common = new HashMap<>(services.springProperties());
    common.put("exporter.messaging.prefix", "exporter-startup");
    common.put("server.port", "0");
    common.put("spring.main.banner-mode", "off");
    common.put("logging.level.root", "WARN");
    // known defaults: the launcher's admin token, and no hash secret (the worker's placeholder)
    common.put("exporter.security.admin-token", DEV_ADMIN_TOKEN);
    common.put("exporter.gateway.publish-interval", "200ms");
    common.put("exporter.worker.sweep-interval", "200ms");
    gateway = run(ApiGatewayApplication.application().sources(BlockingTask.class), common);
    worker = run(ExportWorkerApplication.application().sources(BlockingTask.class), common);
  }

  @AfterAll
  static void stop() {
    for (ConfigurableApplicationContext context :
        new ConfigurableApplicationContext[] {worker, gateway}) {
      if (context != null) {
        context.getBean(BlockingTask.class).release.countDown();
        context.close();
      }
    }
  }

  @Test
  void the_gateway_refuses_to_start_with_the_development_admin_token_without_the_flag() {
    Map<String, Object> properties = new HashMap<>(common);
    properties.put("exporter.allow-insecure-defaults", "false");

    assertThatThrownBy(() -> run(ApiGatewayApplication.application(), properties))
        .hasMessageContaining("Refusing to start")
        .hasMessageContaining("exporter.security.admin-token (EXPORTER_ADMIN_TOKEN)")
        .hasMessageContaining("EXPORTER_ALLOW_INSECURE_DEFAULTS=true");
  }

  @Test
  void a_worker_refuses_to_start_with_the_hash_secret_placeholder_without_the_flag() {
    Map<String, Object> properties = new HashMap<>(common);
    properties.put("exporter.allow-insecure-defaults", "false");

    assertThatThrownBy(() -> run(ExportWorkerApplication.application(), properties))
        .hasMessageContaining("Refusing to start")
        .hasMessageContaining("exporter.worker.hash-secret (EXPORTER_WORKER_HASH_SECRET)")
        .hasMessageContaining("exporter.allow-insecure-defaults=true");
  }

  @Test
  void both_start_with_known_defaults_when_the_development_flag_allows_them() {
    assertThat(gateway.isRunning()).isTrue();
    assertThat(worker.isRunning()).isTrue();
  }

  @Test
  void a_blocked_task_delays_neither_the_outbox_relay_nor_progress_pushes() throws Exception {
    assertOthersRunOnTime(
        gateway,
        List.of(
            "PublishPendingExports.publishPending", "ProgressEvents.flush", "ProgressEvents.tick"),
        Duration.ofSeconds(2));
  }

  @Test
  void a_blocked_task_does_not_delay_the_recovery_sweep() throws Exception {
    assertOthersRunOnTime(worker, List.of("RecoverStalledWork.sweep"), Duration.ofSeconds(2));
  }

  /**
   * While the application's {@link BlockingTask} hangs (as the relay does in a 10-second confirm
   * wait, or the daily cleanup on a large backlog), each of {@code tasks} has run within {@code
   * every} plus a second.
   */
  private static void assertOthersRunOnTime(
      ConfigurableApplicationContext context, List<String> tasks, Duration every)
      throws InterruptedException {
    BlockingTask blocking = context.getBean(BlockingTask.class);
    assertThat(blocking.started.await(10, TimeUnit.SECONDS)).as("the blocking task ran").isTrue();
    Thread.sleep(every.toMillis() + 1000);
    Instant now = Instant.now();
    for (String task : tasks) {
      assertThat(lastRun(context, task))
          .as("last run of %s, with another task blocked", task)
          .isAfter(now.minus(every).minusSeconds(1));
    }
  }

  private static Instant lastRun(ConfigurableApplicationContext context, String task) {
    return context.getBeansOfType(ScheduledTaskHolder.class).values().stream()
        .flatMap(holder -> holder.getScheduledTasks().stream())
        .filter(scheduled -> scheduled.toString().endsWith("." + task))
        .map(ScheduledTask::getTask)
        .map(t -> t.getLastExecutionOutcome().executionTime())
        .filter(java.util.Objects::nonNull)
        .max(Instant::compareTo)
        .orElse(Instant.EPOCH);
  }

  private static ConfigurableApplicationContext run(
      SpringApplicationBuilder application, Map<String, Object> properties) {
    return application.run(
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new));
  }

  /** A scheduled task that hangs from its first run until the test releases it. */
  static class BlockingTask {
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Scheduled(fixedDelay = 100)
    void hang() throws InterruptedException {
      started.countDown();
      release.await();
    }
  }
}
