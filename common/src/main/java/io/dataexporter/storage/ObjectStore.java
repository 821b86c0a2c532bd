package io.dataexporter.storage;

import io.minio.BucketExistsArgs;
import io.minio.ComposeObjectArgs;
import io.minio.ComposeSource;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.ServerSideEncryption;
import io.minio.ServerSideEncryptionKms;
import io.minio.ServerSideEncryptionS3;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import io.minio.messages.ListMultipartUploadsResult;
import io.minio.messages.Upload;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The bucket holding all exports, through the MinIO client. Two clients: one for the internal
 * endpoint (data), one for the public endpoint (signing only: a presigned URL is bound to the host
 * it was signed for). With server-side encryption configured, every write (put, multipart upload,
 * compose) asks the store to encrypt the object.
 */
public final class ObjectStore implements AutoCloseable {
  private final MinioClient client;
  private final MinioAsyncClient uploads;
  private final MinioClient signer;
  private final String bucket;
  private final long partSize;
  private final ServerSideEncryption sse;

  public ObjectStore(
      MinioClient client,
      MinioAsyncClient uploads,
      MinioClient signer,
      String bucket,
      long partSize) {
    this(client, uploads, signer, bucket, partSize, null);
  }

  /**
   * @param sse what every write asks the store to encrypt with; null: nothing (the bucket's
   *     default)
   */
  public ObjectStore(
      MinioClient client,
      MinioAsyncClient uploads,
      MinioClient signer,
      String bucket,
      long partSize,
      ServerSideEncryption sse) {
    this.client = client;
    this.uploads = uploads;
    this.signer = signer;
    this.bucket = bucket;
    this.partSize = partSize;
    this.sse = sse;
  }

  /** The configured server-side encryption, or null for {@code none}. */
  public static ServerSideEncryption serverSideEncryption(StorageProperties properties) {
    return switch (properties.serverSideEncryption()) {
      case StorageProperties.SSE_S3 -> new ServerSideEncryptionS3();
      case StorageProperties.SSE_KMS -> {
        try {
          yield new ServerSideEncryptionKms(properties.kmsKeyId(), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException("exporter.storage.kms-key-id: " + e.getMessage(), e);
        }
      }
      default -> null;
    };
  }

  /** The client that lists and aborts multipart uploads (the blocking client cannot). */
  public static MinioAsyncClient uploadsClient(String endpoint, StorageProperties properties) {
    return MinioAsyncClient.builder()
        .endpoint(endpoint)
        .region(properties.region())
        .credentials(properties.accessKey(), properties.secretKey())
        .build();
  }

  public static MinioClient client(String endpoint, StorageProperties properties) {
    return MinioClient.builder()
        .endpoint(endpoint)
        .region(properties.region())
        .credentials(properties.accessKey(), properties.secretKey())
        .build();
  }

  /** Whether the bucket exists; throws {@link StorageException} when the store cannot answer. */
  public boolean bucketExists() {
    return call(
        "check bucket " + bucket,
        () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
  }

  public void ensureBucket() {
    call(
        "create bucket " + bucket,
        () -> {
          if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
            try {
              client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (ErrorResponseException e) {
              // another process created it meanwhile
              if (!e.errorResponse().code().startsWith("BucketAlready")) {
                throw e;
              }
            }
          }
          return null;
        });
  }

  /** Uploads a stream of unknown length as a multipart upload; returns when it is stored. */
  public void put(String key, InputStream data, String contentType) {
    call(
        "upload " + key,
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(bucket).object(key).stream(data, -1, partSize)
                    .contentType(contentType)
                    .sse(sse)
                    .build()));
  }

  /** Objects of at least this size can be joined on the server, except the last. */
  public static final long MIN_COMPOSE_PART = 5L * 1024 * 1024;

  /**
   * Joins {@code sources}, in order, into {@code key} on the server (S3 multipart copy): no bytes
   * pass through this process. Every source but the last must be at least {@link #MIN_COMPOSE_PART}
   * bytes. Each source is copied only if unchanged since it was looked at.
   */
  public void compose(String key, List<String> sources, String contentType) {
    call(
        "compose " + key,
        () -> {
          List<ComposeSource> parts = new ArrayList<>();
          for (String source : sources) {
            String etag =
                client
                    .statObject(StatObjectArgs.builder().bucket(bucket).object(source).build())
                    .etag();
            // quoted, as S3 writes ETags (S3Proxy refuses the copy with 412 otherwise)
            String quoted = etag.startsWith("\"") ? etag : "\"" + etag + "\"";
            parts.add(
                ComposeSource.builder().bucket(bucket).object(source).matchETag(quoted).build());
          }
          return client.composeObject(
              ComposeObjectArgs.builder()
                  .bucket(bucket)
                  .object(key)
                  .sources(parts)
                  .headers(Map.of("Content-Type", contentType))
                  .sse(sse)
                  .build());
        });
  }

  public InputStream get(String key) {
    return call(
        "read " + key,
        () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
  }

  public Optional<Long> size(String key) {
    return call(
        "stat " + key,
        () -> {
          try {
            return Optional.of(
                client
                    .statObject(StatObjectArgs.builder().bucket(bucket).object(key).build())
                    .size());
          } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code())) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  /** Keys and sizes of every object under a prefix. */
  public List<StoredObject> list(String prefix) {
    return call(
        "list " + prefix,
        () -> {
          List<StoredObject> objects = new ArrayList<>();
          for (Result<Item> result :
              client.listObjects(
                  ListObjectsArgs.builder()
                      .bucket(bucket)
                      .prefix(prefix)
                      .recursive(true)
                      .build())) {
            Item item = result.get();
            objects.add(
                new StoredObject(
                    item.objectName(),
                    item.size(),
                    item.lastModified() == null ? null : item.lastModified().toInstant()));
          }
          return objects;
        });
  }

  public void remove(String key) {
    call(
        "remove " + key,
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
          return null;
        });
  }

  /**
   * Removes every object under the prefix, and aborts the multipart uploads still open under it (a
   * writer that died mid-upload leaves one, holding its parts' bytes); returns the bytes freed.
   */
  public long removeAll(String prefix) {
    abortUploads(prefix);
    long freed = 0;
    for (StoredObject object : list(prefix)) {
      remove(object.key());
      freed += object.size();
    }
    return freed;
  }

  /** Keys of the multipart uploads open under the prefix (one entry per upload). */
  public List<String> openUploads(String prefix) {
    List<String> keys = new ArrayList<>();
    forEachUpload(prefix, upload -> keys.add(upload.objectName()));
    return keys;
  }

  /** Aborts every multipart upload open under the prefix; returns how many. */
  public int abortUploads(String prefix) {
    int[] aborted = new int[1];
    forEachUpload(
        prefix,
        upload -> {
          call(
              "abort upload of " + upload.objectName(),
              () ->
                  uploads
                      .abortMultipartUploadAsync(
                          bucket, null, upload.objectName(), upload.uploadId(), null, null)
                      .get());
          aborted[0]++;
        });
    return aborted[0];
  }

  private void forEachUpload(String prefix, java.util.function.Consumer<Upload> action) {
    call(
        "list uploads under " + prefix,
        () -> {
          String keyMarker = null;
          String uploadMarker = null;
          while (true) {
            ListMultipartUploadsResult page =
                uploads
                    .listMultipartUploadsAsync(
                        bucket, null, null, null, keyMarker, 1000, prefix, uploadMarker, null, null)
                    .get()
                    .result();
            List<Upload> found = new ArrayList<>(page.uploads());
            found.forEach(action);
            if (!page.isTruncated() || found.isEmpty()) {
              return null;
            }
            keyMarker = page.nextKeyMarker();
            uploadMarker = page.nextUploadIdMarker();
          }
        });
  }

  /** A GET URL for the object, signed for the public endpoint. */
  public String presignedGet(String key, Duration expiry) {
    return call(
        "sign " + key,
        () ->
            signer.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS)
                    .build()));
  }

  /** Closes both clients' connection pools (their threads would keep a JVM alive for a minute). */
  @Override
  public void close() throws Exception {
    client.close();
    uploads.close();
    signer.close();
  }

  /** An object's key, size and when it was last written (null when the store does not say). */
  public record StoredObject(String key, long size, java.time.Instant modified) {}

  private interface StoreCall<T> {
    T run() throws Exception;
  }

  private static <T> T call(String what, StoreCall<T> call) {
    try {
      return call.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new StorageException("object store: " + what + " failed: " + e.getMessage(), e);
    }
  }
}
