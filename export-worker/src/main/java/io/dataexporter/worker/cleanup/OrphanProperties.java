package io.dataexporter.worker.cleanup;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The store's reconciliation with the job table.
 *
 * @param every how often each worker looks for objects without an export
 * @param grace how long such objects are left alone after their last write (a deletion or a late
 *     writer may still be finishing)
 */
@ConfigurationProperties("exporter.worker.orphans")
public record OrphanProperties(
    @DefaultValue("10m") Duration every, @DefaultValue("15m") Duration grace) {}
