package io.dataexporter.worker.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.storage.ObjectStore;
import io.dataexporter.storage.StorageProperties;
import io.dataexporter.testsupport.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Streaming uploads against a real S3 API (the in-process S3Proxy). */
class StreamingUploadIT {
  private static ExecutorService uploads;
  private static ObjectStore store;

  @BeforeAll
  static void start() {
    uploads = Executors.newCachedThreadPool();
    store = storeFor("stream-test");
    store.ensureBucket();
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    uploads.shutdownNow();
  }

  private static ObjectStore storeFor(String bucket) {
    String endpoint =
        (String) TestServices.get().springProperties().get("exporter.storage.endpoint");
    StorageProperties p =
        new StorageProperties(
            endpoint,
            endpoint,
            "test-access",
            "test-secret-key",
            bucket,
            "us-east-1",
            DataSize.ofMegabytes(5),
            Duration.ofMinutes(5),
            null,
            "none",
            null);
    return new ObjectStore(
        ObjectStore.client(endpoint, p),
        ObjectStore.uploadsClient(endpoint, p),
        ObjectStore.client(endpoint, p),
        bucket,
        p.partSize().toBytes());
  }

  @Test
  void an_object_larger_than_several_parts_is_stored_whole_with_its_hash() throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] chunk = new byte[100_000];
    StreamingUpload upload =
        new StreamingUpload(store, "big.bin", "application/octet-stream", uploads);
    long written = 0;
    for (int i = 0; i < 130; i++) {
      random.nextBytes(chunk);
      upload.write(chunk, 0, chunk.length - i);
      sha.update(chunk, 0, chunk.length - i);
      written += chunk.length - i;
    }
    StreamingUpload.Stored stored = upload.finish();
    assertThat(stored.bytes()).isEqualTo(written).isGreaterThan(12L * 1024 * 1024);
    assertThat(stored.sha256()).isEqualTo(HexFormat.of().formatHex(sha.digest()));
    assertThat(store.size("big.bin")).contains(written);
    MessageDigest back = MessageDigest.getInstance("SHA-256");
    try (InputStream in = store.get("big.bin")) {
      back.update(in.readAllBytes());
    }
    assertThat(HexFormat.of().formatHex(back.digest())).isEqualTo(stored.sha256());
  }

  @Test
  void an_aborted_upload_leaves_no_object_behind() throws Exception {
    StreamingUpload upload =
        new StreamingUpload(store, "aborted.bin", "application/octet-stream", uploads);
    upload.write(new byte[7 * 1024 * 1024]);
    upload.abort(new IOException("source failed"));
    assertThat(store.size("aborted.bin")).isEmpty();
  }

  @Test
  void a_store_failure_surfaces_to_the_writer_instead_of_hanging() throws Exception {
    ObjectStore missingBucket = storeFor("no-such-bucket");
    try {
      StreamingUpload upload =
          new StreamingUpload(missingBucket, "x.bin", "application/octet-stream", uploads);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 200; i++) {
                  upload.write(new byte[1024 * 1024]);
                }
                upload.finish();
              })
          .isInstanceOf(IOException.class);
    } finally {
      missingBucket.close();
    }
  }
}
