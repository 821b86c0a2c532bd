package io.dataexporter.gateway.schedule;

import io.dataexporter.gateway.export.ExportRequestParser;
import io.dataexporter.schedule.ScheduleRepository;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the schedule API's request parser and writer (the model's beans are common's). */
@Configuration(proxyBeanMethods = false)
class ScheduleApiConfiguration {

  @Bean
  ScheduleRequestParser scheduleRequestParser(ExportRequestParser exports) {
    return new ScheduleRequestParser(exports);
  }

  @Bean
  SaveSchedules saveSchedules(Jdbi jdbi, ScheduleRepository schedules) {
    return new SaveSchedules(jdbi, schedules);
  }
}
