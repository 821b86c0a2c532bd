package io.dataexporter.worker.webhook;

import io.dataexporter.webhook.WebhookDeliveryRepository;
import io.dataexporter.webhook.WebhookDestinations;
import io.dataexporter.webhook.WebhookProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the webhook dispatcher: one HTTP client (no redirects, a connect timeout) per worker. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

  @Bean
  DeliverWebhooks deliverWebhooks(
      WebhookDeliveryRepository deliveries,
      WebhookDestinations destinations,
      WebhookProperties properties,
      MeterRegistry registry,
      Clock clock) {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(properties.timeout())
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
    return new DeliverWebhooks(
        deliveries,
        new SendWebhook(http, destinations, properties.timeout()),
        properties,
        registry,
        clock);
  }
}
