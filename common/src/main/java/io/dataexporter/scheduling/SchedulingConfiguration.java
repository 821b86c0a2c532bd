package io.dataexporter.scheduling;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the {@code @Scheduled} methods of an application, each on a thread of its own: the gateway's
 * outbox relay and progress pushes, the workers' recovery sweep and daily cleanup.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfiguration {

  /** Named like Spring's default scheduler, which it replaces, so {@code @Scheduled} uses it. */
  @Bean(name = "taskScheduler", destroyMethod = "close")
  ThreadPerTaskScheduler taskScheduler() {
    return new ThreadPerTaskScheduler();
  }
}
