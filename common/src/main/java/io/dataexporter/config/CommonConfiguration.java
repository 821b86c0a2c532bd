package io.dataexporter.config;

import io.dataexporter.audit.AuditLog;
import io.dataexporter.cleanup.RemoveExports;
import io.dataexporter.dataset.DatasetProperties;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.filter.CatalogColumnTypes;
import io.dataexporter.filter.FilterParser;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.job.ShardRepository;
import io.dataexporter.keys.PublicKeyRepository;
import io.dataexporter.keys.RecipientKeys;
import io.dataexporter.messaging.ConfirmedPublisher;
import io.dataexporter.messaging.Queues;
import io.dataexporter.messaging.RequestPlanning;
import io.dataexporter.messaging.Topology;
import io.dataexporter.schedule.AddScheduleRuns;
import io.dataexporter.schedule.ScheduleProperties;
import io.dataexporter.schedule.ScheduleRepository;
import io.dataexporter.schedule.ScheduleRunRepository;
import io.dataexporter.schedule.StartScheduleRun;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.storage.ObjectStoreHealth;
import io.dataexporter.storage.StorageProperties;
import io.dataexporter.webhook.WebhookDeliveryRepository;
import io.dataexporter.webhook.WebhookDestinations;
import io.dataexporter.webhook.WebhookProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.support.converter.JacksonJsonMessageConverter;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** Adapters both the gateway and the workers use: job store, object store, messaging. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({
  DatasetProperties.class,
  StorageProperties.class,
  ScheduleProperties.class,
  WebhookProperties.class
})
public class CommonConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  Jdbi jdbi(DataSource dataSource) {
    return Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
  }

  @Bean
  DatasetRegistry datasetRegistry(DatasetProperties properties) {
    return DatasetRegistry.from(properties);
  }

  /** Row filters, typed by the source tables' catalog (read once per dataset). */
  @Bean
  FilterParser filterParser(DatasetRegistry datasets, Jdbi jdbi) {
    return new FilterParser(datasets, new CatalogColumnTypes(jdbi));
  }

  @Bean
  ExportJobRepository exportJobRepository(Jdbi jdbi) {
    return new ExportJobRepository(jdbi, JsonMapper.builder().build());
  }

  @Bean
  WebhookDeliveryRepository webhookDeliveryRepository(Jdbi jdbi) {
    return new WebhookDeliveryRepository(jdbi, JsonMapper.builder().build());
  }

  /** The check of webhook URLs: the gateway's when one is submitted, a worker's before sending. */
  @Bean
  WebhookDestinations webhookDestinations(WebhookProperties properties) {
    return new WebhookDestinations(properties.allowedHosts());
  }

  @Bean
  AuditLog auditLog(Jdbi jdbi) {
    return new AuditLog(jdbi);
  }

  @Bean
  ShardRepository shardRepository(Jdbi jdbi) {
    return new ShardRepository(jdbi);
  }

  /** Health component {@code objectStore}, in the readiness group. */
  @Bean
  ObjectStoreHealth objectStoreHealthIndicator(ObjectStore store, StorageProperties storage) {
    return new ObjectStoreHealth(store, storage.bucket());
  }

  @Bean(destroyMethod = "close")
  ObjectStore objectStore(StorageProperties storage) {
    // a separate client for signing: presigned URLs are bound to the host they name
    ObjectStore store =
        new ObjectStore(
            ObjectStore.client(storage.endpoint(), storage),
            ObjectStore.uploadsClient(storage.endpoint(), storage),
            ObjectStore.client(storage.publicEndpoint(), storage),
            storage.bucket(),
            storage.partSize().toBytes(),
            ObjectStore.serverSideEncryption(storage));
    store.ensureBucket();
    return store;
  }

  @Bean
  PublicKeyRepository publicKeyRepository(Jdbi jdbi) {
    return new PublicKeyRepository(jdbi);
  }

  /** Resolves an export's encryption recipients (the gateway on submit, the worker on finalize). */
  @Bean
  RecipientKeys recipientKeys(PublicKeyRepository keys, Clock clock) {
    return new RecipientKeys(keys, clock);
  }

  @Bean
  RemoveExports removeExports(ExportJobRepository jobs, ObjectStore store, Clock clock) {
    return new RemoveExports(jobs, store, clock);
  }

  @Bean
  Queues queues(@Value("${exporter.messaging.prefix:exporter}") String prefix) {
    return new Queues(prefix);
  }

  @Bean
  Declarables exporterTopology(Queues queues) {
    return Topology.declarables(queues, 20);
  }

  @Bean
  MessageConverter messageConverter() {
    return new JacksonJsonMessageConverter();
  }

  @Bean
  RequestPlanning requestPlanning(
      ConfirmedPublisher publisher, ExportJobRepository jobs, Clock clock) {
    return new RequestPlanning(publisher, jobs, clock);
  }

  @Bean
  ConfirmedPublisher confirmedPublisher(RabbitTemplate rabbitTemplate, Queues queues) {
    return new ConfirmedPublisher(rabbitTemplate, queues, Duration.ofSeconds(10));
  }

  @Bean
  ScheduleRepository scheduleRepository(Jdbi jdbi) {
    return new ScheduleRepository(jdbi, new ExportConfigCodec(JsonMapper.builder().build()));
  }

  @Bean
  ScheduleRunRepository scheduleRunRepository(Jdbi jdbi) {
    return new ScheduleRunRepository(jdbi, JsonMapper.builder().build());
  }

  @Bean
  StartScheduleRun startScheduleRun(
      Jdbi jdbi,
      ScheduleRepository schedules,
      ExportJobRepository jobs,
      RequestPlanning planning,
      AuditLog audit,
      ScheduleProperties properties,
      MeterRegistry registry,
      Clock clock) {
    return new StartScheduleRun(
        jdbi, schedules, jobs, planning, audit, properties, registry, clock);
  }

  @Bean
  AddScheduleRuns addScheduleRuns(
      Jdbi jdbi,
      ScheduleRepository schedules,
      StartScheduleRun start,
      ScheduleProperties properties,
      Clock clock) {
    return new AddScheduleRuns(jdbi, schedules, start, properties, clock);
  }
}
