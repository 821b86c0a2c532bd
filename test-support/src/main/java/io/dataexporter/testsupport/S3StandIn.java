package io.dataexporter.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** S3Proxy in-process on a free port with a filesystem backend; it checks signatures. */
public final class S3StandIn {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret-key";

  private final S3Proxy proxy;

  private S3StandIn(S3Proxy proxy) {
    this.proxy = proxy;
  }

  static S3StandIn start() {
    try {
      Path dir = Files.createTempDirectory("s3-stand-in");
      dir.toFile().deleteOnExit();
      S3Proxy proxy =
          S3Proxy.builder()
              .blobStore(new FilesystemNio2BlobStore(dir.toString()))
              .endpoint(URI.create("http://127.0.0.1:0"))
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
      return new S3StandIn(proxy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy failed to start", e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }
}
