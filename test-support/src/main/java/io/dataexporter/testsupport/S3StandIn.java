package io.dataexporter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * S3Proxy in-process on a free port with a filesystem backend; it checks signatures. It can be
 * taken down and brought back on the same port with the same data, to simulate an outage.
 */
public final class S3StandIn {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-key";

  private final Path dir;
  private volatile S3Proxy proxy;
  private final int port;

  private S3StandIn(Path dir, S3Proxy proxy) {
    this.dir = dir;
    this.proxy = proxy;
    this.port = proxy.getPort();
  }

  static S3StandIn start() {
    try {
      Path dir = Files.createTempDirectory("s3-stand-in");
      dir.toFile().deleteOnExit();
      return new S3StandIn(dir, launch(dir, 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static S3Proxy launch(Path dir, int port) {
    try {
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(dir.toString()))
              .endpoint(URI.create("http://127.0.0.1:" + port))
              .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
              .build();
      proxy.start();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
        }
        Thread.sleep(20);
      }
      return proxy;
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy failed to start", e);
    }
  }

  /** Takes the store away for {@code downtime}, then brings it back with its data. */
  public synchronized void outage(Duration downtime) throws Exception {
    proxy.stop();
    Thread.sleep(downtime.toMillis());
    proxy = launch(dir, port);
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }
}
