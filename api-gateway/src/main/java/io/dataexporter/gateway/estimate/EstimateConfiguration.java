package io.dataexporter.gateway.estimate;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.filter.FilterParser;
import org.jdbi.v3.core.Jdbi;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the estimator. */
@Configuration(proxyBeanMethods = false)
class EstimateConfiguration {

  /** Plans with the workers' shard size, so the estimate's shard plan matches theirs. */
  @Bean
  ExportEstimator exportEstimator(
      Jdbi jdbi,
      DatasetRegistry datasets,
      @Value("${exporter.worker.shard-target-rows:100000}") long shardTargetRows,
      FilterParser filters) {
    return new ExportEstimator(jdbi, datasets, shardTargetRows, filters);
  }
}
