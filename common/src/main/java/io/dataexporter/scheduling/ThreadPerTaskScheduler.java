package io.dataexporter.scheduling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * A {@link TaskScheduler} that runs every recurring task on a thread of its own, so a slow task
 * (the outbox relay waiting for a broker confirm, the daily cleanup deleting thousands of objects)
 * never delays another (live-progress pushes, the recovery sweep). Spring's default scheduler runs
 * all {@code @Scheduled} methods on one thread. One-off tasks share one extra thread. Threads are
 * named after their task, e.g. {@code scheduled-RecoverStalledWork.sweep-1}.
 */
public final class ThreadPerTaskScheduler implements TaskScheduler, AutoCloseable {
  private final List<ThreadPoolTaskScheduler> executors = new CopyOnWriteArrayList<>();
  private final TaskScheduler oneOff = newExecutor("scheduled-one-off");
  private boolean closed;

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
    return ownExecutor(task).schedule(task, trigger);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
    return oneOff.schedule(task, startTime);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
    return ownExecutor(task).scheduleAtFixedRate(task, startTime, period);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
    return ownExecutor(task).scheduleAtFixedRate(task, period);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable task, Instant startTime, Duration delay) {
    return ownExecutor(task).scheduleWithFixedDelay(task, startTime, delay);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
    return ownExecutor(task).scheduleWithFixedDelay(task, delay);
  }

  /** Stops every thread, interrupting the tasks that still run. */
  @Override
  public synchronized void close() {
    closed = true;
    executors.forEach(ThreadPoolTaskScheduler::shutdown);
  }

  private TaskScheduler ownExecutor(Runnable task) {
    return newExecutor("scheduled-" + taskName(task));
  }

  private synchronized ThreadPoolTaskScheduler newExecutor(String name) {
    if (closed) {
      throw new TaskRejectedException("the scheduler is closed");
    }
    ThreadPoolTaskScheduler executor = new ThreadPoolTaskScheduler();
    executor.setPoolSize(1);
    executor.setThreadNamePrefix(name + "-");
    executor.initialize();
    executors.add(executor);
    return executor;
  }

  /**
   * {@code Class.method} for an {@code @Scheduled} method (Spring's task describes itself as {@code
   * package.Class.method}), otherwise the task's simple class name.
   */
  static String taskName(Runnable task) {
    String text = task.toString();
    int method = text.lastIndexOf('.');
    int type = method > 0 ? text.lastIndexOf('.', method - 1) : -1;
    if (method < 0 || text.indexOf('@') >= 0 || text.indexOf(' ') >= 0) {
      return task.getClass().getSimpleName();
    }
    return text.substring(type + 1);
  }
}
