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
 * @param serverSideEncryption what the store is asked to encrypt every object with: {@code none}
 *     (the bucket's default), {@code sse-s3} (store-managed keys) or {@code sse-kms} (a KMS key,
 *     {@code kmsKeyId}; needs an https endpoint, which the MinIO client insists on)
 * @param kmsKeyId the KMS key id or ARN for {@code sse-kms}; only with it
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
    DataSize capacity,
    @DefaultValue("none") String serverSideEncryption,
    String kmsKeyId) {

  public static final String SSE_NONE = "none";
  public static final String SSE_S3 = "sse-s3";
  public static final String SSE_KMS = "sse-kms";

  public StorageProperties {
    if (publicEndpoint == null || publicEndpoint.isBlank()) {
      publicEndpoint = endpoint;
    }
    if (partSize.toBytes() < 5L * 1024 * 1024) {
      throw new IllegalArgumentException("exporter.storage.part-size must be at least 5MB");
    }
    serverSideEncryption =
        serverSideEncryption == null || serverSideEncryption.isBlank()
            ? SSE_NONE
            : serverSideEncryption.strip().toLowerCase(java.util.Locale.ROOT);
    if (!java.util.List.of(SSE_NONE, SSE_S3, SSE_KMS).contains(serverSideEncryption)) {
      throw new IllegalArgumentException(
          "exporter.storage.server-side-encryption must be none, sse-s3 or sse-kms, not "
              + serverSideEncryption);
    }
    boolean kms = serverSideEncryption.equals(SSE_KMS);
    boolean keyGiven = kmsKeyId != null && !kmsKeyId.isBlank();
    if (kms && !keyGiven) {
      throw new IllegalArgumentException(
          "exporter.storage.server-side-encryption=sse-kms needs exporter.storage.kms-key-id");
    }
    if (!kms && keyGiven) {
      throw new IllegalArgumentException(
          "exporter.storage.kms-key-id is only used with server-side-encryption=sse-kms");
    }
    if (kms && !endpoint.startsWith("https://")) {
      throw new IllegalArgumentException(
          "exporter.storage.server-side-encryption=sse-kms needs an https endpoint (the S3 API"
              + " refuses SSE-KMS requests over plain HTTP)");
    }
  }
}
