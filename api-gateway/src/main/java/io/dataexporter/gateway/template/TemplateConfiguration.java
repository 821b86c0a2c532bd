package io.dataexporter.gateway.template;

import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the template store. */
@Configuration(proxyBeanMethods = false)
class TemplateConfiguration {

  @Bean
  TemplateRepository templateRepository(Jdbi jdbi) {
    return new TemplateRepository(jdbi);
  }
}
