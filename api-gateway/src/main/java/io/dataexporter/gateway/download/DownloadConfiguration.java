package io.dataexporter.gateway.download;

import io.dataexporter.storage.ObjectStore;
import io.dataexporter.storage.StorageProperties;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the presigned downloads. */
@Configuration(proxyBeanMethods = false)
class DownloadConfiguration {

  @Bean
  PresignedDownloads presignedDownloads(
      ObjectStore store, StorageProperties storage, Clock clock, MeterRegistry registry) {
    return new PresignedDownloads(store, storage.presignExpiry(), clock, registry);
  }
}
