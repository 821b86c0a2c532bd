package io.dataexporter.storage;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The object store answers for the exports bucket. Part of readiness on gateway and workers: one
 * that cannot reach the store can neither write parts nor sign downloads.
 */
public final class ObjectStoreHealth implements HealthIndicator {
  private final ObjectStore store;
  private final String bucket;

  public ObjectStoreHealth(ObjectStore store, String bucket) {
    this.store = store;
    this.bucket = bucket;
  }

  /** Down with the reason, without the stack trace a failing check would otherwise log. */
  @Override
  public Health health() {
    try {
      return store.bucketExists()
          ? Health.up().withDetail("bucket", bucket).build()
          : Health.down()
              .withDetail("bucket", bucket)
              .withDetail("error", "no such bucket")
              .build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("bucket", bucket).withDetail("error", e.getMessage()).build();
    }
  }
}
