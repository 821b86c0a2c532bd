package io.dataexporter.worker.schedule;

import io.dataexporter.schedule.ScheduleProperties;
import io.dataexporter.schedule.ScheduleRepository;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.schedule.StartScheduleRun;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the firing of schedules into every worker. */
@Configuration(proxyBeanMethods = false)
public class ScheduleConfiguration {

  @Bean
  FireSchedules fireSchedules(
      Jdbi jdbi,
      ScheduleRepository schedules,
      ScheduleProperties properties,
      MeterRegistry registry) {
    return new FireSchedules(jdbi, schedules, properties, registry);
  }

  @Bean
  StartWaitingRuns startWaitingRuns(ScheduleRunRepository runs, StartScheduleRun start) {
    return new StartWaitingRuns(runs, start);
  }

  @Bean
  ScheduleTicker scheduleTicker(FireSchedules fire, StartWaitingRuns start, Clock clock) {
    return new ScheduleTicker(fire, start, clock);
  }

  @Bean
  ScheduleGauges scheduleGauges(Jdbi jdbi, Clock clock, MeterRegistry registry) {
    return new ScheduleGauges(jdbi, clock, registry);
  }
}
