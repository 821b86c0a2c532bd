package io.dataexporter.gateway.export;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.gateway.config.GatewayProperties;
import io.dataexporter.gateway.config.SecurityProperties;
import io.dataexporter.job.ExportAdmission;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.keys.RecipientKeys;
import io.dataexporter.webhook.WebhookDestinations;
import org.jdbi.v3.core.Jdbi;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Wires the parts of creating an export: the request parser and the admission check. */
@Configuration(proxyBeanMethods = false)
class ExportConfiguration {

  @Bean
  ExportAdmission exportAdmission(Jdbi jdbi, ExportJobRepository jobs) {
    return new ExportAdmission(jdbi, jobs);
  }

  @Bean
  AdmissionSettings admissionSettings(GatewayProperties gateway, SecurityProperties security) {
    return new AdmissionSettings(
        security.maxRunningPerUser(),
        security.maxExportsPerHour(),
        gateway.maxActiveExports(),
        gateway.retryAfter());
  }

  @Bean
  ExportRequestParser exportRequestParser(
      DatasetRegistry datasets,
      GatewayProperties properties,
      WebhookDestinations destinations,
      FilterParser filters,
      RecipientKeys recipients) {
    return new ExportRequestParser(
            datasets,
            JsonMapper.builder().build(),
            new RequestLimits(
                properties.maxProcesses(),
                properties.maxProcessNameLength(),
                properties.maxTransformationSteps()),
            destinations,
            filters)
        .checkingRecipients(recipients);
  }
}
