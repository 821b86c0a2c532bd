package io.dataexporter.worker.compress;

import com.github.luben.zstd.Zstd;
import io.dataexporter.job.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How this worker compresses: the gzip engine and the default level of each codec (a request's
 * {@code compression_level} overrides it). A compressed file is a series of gzip members or zstd
 * frames: each part is one or more, and the text around parts (header, separators, footer) is its
 * own ({@link #frame}), so that the file decodes with {@code gzip -d} or {@code zstd -d} as one
 * stream whether a worker copied the pieces into it or the store joined them. Encryption, when it
 * comes, wraps the assembled bytes and leaves this framing alone.
 *
 * @param gzip the gzip implementation
 * @param gzipLevel gzip's level when the request names none, 1 to 9
 * @param zstdLevel zstd's level when the request names none, 1 to 19
 */
public record Codecs(GzipEngine gzip, int gzipLevel, int zstdLevel) {

  /** Level of the small frames around parts: their size does not matter. */
  private static final int FRAMING_LEVEL = 3;

  public Codecs {
    if (gzipLevel < 1 || gzipLevel > 9) {
      throw new IllegalArgumentException("gzip level must be 1 to 9, not " + gzipLevel);
    }
    if (zstdLevel < 1 || zstdLevel > 19) {
      throw new IllegalArgumentException("zstd level must be 1 to 19, not " + zstdLevel);
    }
  }

  /**
   * A stream compressing to {@code out} as {@code compression} asks.
   *
   * @throws IllegalArgumentException for {@link Compression.Codec#NONE}
   */
  public CompressedOutputStream open(Compression compression, OutputStream out) throws IOException {
    return switch (compression.codec()) {
      case GZIP -> gzip.open(out, level(compression));
      case ZSTD -> new ZstdFrameOutputStream(out, level(compression));
      case NONE, SNAPPY ->
          throw new IllegalArgumentException("no stream codec: " + compression.codec().wire());
    };
  }

  /** The level a stream for {@code compression} uses: the request's, else the default. */
  public int level(Compression compression) {
    if (compression.level() != null) {
      return compression.level();
    }
    return compression.codec() == Compression.Codec.ZSTD ? zstdLevel : gzipLevel;
  }

  /**
   * {@code bytes} as one gzip member or zstd frame of their own (empty bytes make a valid empty
   * one), or as they are for {@link Compression.Codec#NONE}.
   */
  public static byte[] frame(Compression.Codec codec, byte[] bytes) {
    return switch (codec) {
      case NONE -> bytes.clone();
      case SNAPPY -> throw new IllegalArgumentException("snappy compresses Parquet pages only");
      case ZSTD -> Zstd.compress(bytes, FRAMING_LEVEL);
      case GZIP -> {
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(member)) {
          z.write(bytes);
        } catch (IOException e) {
          throw new IllegalStateException("gzip in memory failed", e);
        }
        yield member.toByteArray();
      }
    };
  }
}
