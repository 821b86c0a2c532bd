package io.dataexporter.storage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Object storage (MinIO or any S3 API).
 *
 * @param endpoint URL the services use to reach the store
 * @param publicEndpoint URL downloaders use; presigned URLs are signed for this host
 * @param accessKey access key id
 * @param secretKey secret key
 * @param bucket bucket holding all exports (created if absent)
 * @param region region used for signing
 * @param partSize multipart upload part size (at least 5 MB)
 * @param presignExpiry lifetime of presigned download URLs
 * @param capacity optional quota for exports in the store; published as {@code
 *     exporter_storage_capacity_bytes} so that an alert fires before it runs out (null: none)
 */
@ConfigurationProperties("exporter.storage")
public record StorageProperties(
    @DefaultValue("http://127.0.0.1:9000") String endpoint,
    String publicEndpoint,
    @DefaultValue("minioadmin") String accessKey,
    @DefaultValue("minioadmin") String secretKey,
    @DefaultValue("exports") String bucket,
    @DefaultValue("us-east-1") String region,
    @DefaultValue("5MB") DataSize partSize,
    @DefaultValue("15m") Duration presignExpiry,
    DataSize capacity) {

  public StorageProperties {
    if (publicEndpoint == null || publicEndpoint.isBlank()) {
      publicEndpoint = endpoint;
    }
    if (partSize.toBytes() < 5L * 1024 * 1024) {
      throw new IllegalArgumentException("exporter.storage.part-size must be at least 5MB");
    }
  }
}
