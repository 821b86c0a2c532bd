package io.dataexporter.gateway.usage;

import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The usage reader, on the shared JDBI instance. */
@Configuration(proxyBeanMethods = false)
class UsageConfiguration {

  @Bean
  ExportUsage exportUsage(Jdbi jdbi) {
    return new ExportUsage(jdbi);
  }
}
