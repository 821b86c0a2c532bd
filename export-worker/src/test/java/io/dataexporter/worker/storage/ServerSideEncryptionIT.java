package io.dataexporter.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.storage.ObjectStore;
import io.dataexporter.storage.StorageProperties;
import io.dataexporter.testsupport.TestServices;
import io.minio.MinioClient;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * {@code exporter.storage.server-side-encryption} on the wire: every write request the object store
 * sends (a plain PUT, the start of a multipart upload, the start of a compose) carries the SSE
 * header, seen by an interceptor in the client's HTTP stack, and the S3 stand-in accepts them.
 * SSE-KMS cannot be sent over plain HTTP (the MinIO client refuses), so it is checked at startup.
 */
class ServerSideEncryptionIT {
  private static final String HEADER = "x-amz-server-side-encryption";
  private static final List<String> sent = new CopyOnWriteArrayList<>();
  private static ObjectStore store;
  private static ObjectStore plain;

  @BeforeAll
  static void start() {
    String endpoint =
        (String) TestServices.get().springProperties().get("exporter.storage.endpoint");
    StorageProperties p = properties(endpoint, "sse-s3", null);
    OkHttpClient http =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  var request = chain.request();
                  sent.add(
                      request.method()
                          + " "
                          + request.url().encodedPath()
                          + (request.url().query() == null ? "" : "?" + request.url().query())
                          + " "
                          + HEADER
                          + "="
                          + request.header(HEADER));
                  return chain.proceed(request);
                })
            .build();
    MinioClient client =
        MinioClient.builder()
            .endpoint(endpoint)
            .region(p.region())
            .credentials(p.accessKey(), p.secretKey())
            .httpClient(http)
            .build();
    store =
        new ObjectStore(
            client,
            ObjectStore.uploadsClient(endpoint, p),
            client,
            p.bucket(),
            p.partSize().toBytes(),
            ObjectStore.serverSideEncryption(p));
    store.ensureBucket();
    plain =
        new ObjectStore(
            ObjectStore.client(endpoint, p),
            ObjectStore.uploadsClient(endpoint, p),
            ObjectStore.client(endpoint, p),
            p.bucket(),
            p.partSize().toBytes());
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    plain.close();
  }

  @Test
  void every_write_asks_the_store_to_encrypt_which_the_stand_in_refuses() {
    byte[] big = new byte[6 * 1024 * 1024];
    new Random(1).nextBytes(big);
    plain.put("big.bin", new ByteArrayInputStream(big), "application/octet-stream");
    plain.put("small.bin", new ByteArrayInputStream(new byte[] {1}), "application/octet-stream");
    sent.clear();
    // S3Proxy 4.1.0 answers 501 NotImplemented to any SSE header: the request reached it
    String refusal = "Server-side encryption is not supported";
    assertThatThrownBy(
            () ->
                store.put(
                    "small-sse.bin",
                    new ByteArrayInputStream(new byte[] {1, 2, 3}),
                    "application/octet-stream"))
        .hasMessageContaining(refusal);
    assertThatThrownBy(
            () ->
                store.put("big-sse.bin", new ByteArrayInputStream(big), "application/octet-stream"))
        .hasMessageContaining(refusal);
    assertThatThrownBy(
            () ->
                store.compose(
                    "joined-sse.bin", List.of("big.bin", "small.bin"), "application/octet-stream"))
        .hasMessageContaining(refusal);

    assertThat(sent).contains("PUT /sse-test/small-sse.bin " + HEADER + "=AES256");
    assertThat(sent)
        .as("a multipart upload starts with the header")
        .contains("POST /sse-test/big-sse.bin?uploads= " + HEADER + "=AES256");
    assertThat(sent)
        .as("a compose starts with the header")
        .contains("POST /sse-test/joined-sse.bin?uploads= " + HEADER + "=AES256");
    assertThat(store.size("small-sse.bin")).isEmpty();
  }

  @Test
  void the_setting_is_checked_at_startup() {
    String http = "http://127.0.0.1:9000";
    assertThat(properties(http, null, null).serverSideEncryption()).isEqualTo("none");
    assertThat(properties(http, "SSE-S3", null).serverSideEncryption()).isEqualTo("sse-s3");
    assertThat(ObjectStore.serverSideEncryption(properties(http, "none", null))).isNull();
    assertThat(
            ObjectStore.serverSideEncryption(properties("https://s3.example", "sse-kms", "k1"))
                .headers())
        .containsEntry("X-Amz-Server-Side-Encryption", "aws:kms")
        .containsEntry("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", "k1");
    assertThatThrownBy(() -> properties(http, "aes", null))
        .hasMessageContaining("must be none, sse-s3 or sse-kms");
    assertThatThrownBy(() -> properties("https://s3.example", "sse-kms", null))
        .hasMessageContaining("needs exporter.storage.kms-key-id");
    assertThatThrownBy(() -> properties(http, "sse-s3", "k1"))
        .hasMessageContaining("only used with server-side-encryption=sse-kms");
    assertThatThrownBy(() -> properties(http, "sse-kms", "k1"))
        .hasMessageContaining("needs an https endpoint");
  }

  private static StorageProperties properties(String endpoint, String sse, String kmsKey) {
    return new StorageProperties(
        endpoint,
        endpoint,
        "test-access",
        "test-secret-key",
        "sse-test",
        "us-east-1",
        DataSize.ofMegabytes(5),
        Duration.ofMinutes(5),
        null,
        sse,
        kmsKey);
  }
}
