package io.dataexporter.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadPerTaskSchedulerTest {

  @Test
  void a_task_that_hangs_does_not_delay_another_task() throws Exception {
    CountDownLatch hanging = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    try (ThreadPerTaskScheduler scheduler = new ThreadPerTaskScheduler()) {
      scheduler.scheduleWithFixedDelay(
          () -> {
            hanging.countDown();
            awaitQuietly(release);
          },
          Duration.ofMillis(10));
      scheduler.scheduleWithFixedDelay(runs::incrementAndGet, Duration.ofMillis(50));
      assertThat(hanging.await(5, TimeUnit.SECONDS)).isTrue();
      int before = runs.get();

      Thread.sleep(1000);

      // about 20 runs in that second; a shared thread would give none
      assertThat(runs.get() - before).isGreaterThanOrEqualTo(10);
      release.countDown();
    }
  }

  @Test
  void each_task_runs_on_a_thread_named_after_it() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    Runnable task =
        new Runnable() {
          @Override
          public void run() {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
          }

          @Override
          public String toString() {
            return "io.dataexporter.worker.recovery.RecoverStalledWork.sweep";
          }
        };
    try (ThreadPerTaskScheduler scheduler = new ThreadPerTaskScheduler()) {
      scheduler.scheduleAtFixedRate(task, Duration.ofSeconds(10));
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(thread.get()).startsWith("scheduled-RecoverStalledWork.sweep-");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
