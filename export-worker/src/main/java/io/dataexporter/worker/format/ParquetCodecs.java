package io.dataexporter.worker.format;

import com.github.luben.zstd.Zstd;
import io.dataexporter.job.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page compressors without Hadoop: parquet-java's own {@code CodecFactory} goes through Hadoop's
 * codec classes, so the worker compresses pages itself, with the libraries it already has (snappy
 * raw blocks, zstd frames, gzip members: the forms the Parquet format names). Write only.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  /** What a compressed page may take beyond its input, as a share of it (snappy's worst case). */
  static final double EXPANSION = 1.0 + 1.0 / 6;

  /** ... plus this many bytes per page. */
  static final int EXPANSION_BYTES = 64;

  private final Compressor compressor;

  ParquetCodecs(Compression.Codec codec, int level) {
    this.compressor = new Compressor(codec, level);
  }

  CompressionCodecName codecName() {
    return compressor.getCodecName();
  }

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codecName) {
    if (codecName != compressor.getCodecName()) {
      throw new IllegalArgumentException("pages are " + compressor.getCodecName());
    }
    return compressor;
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codecName) {
    throw new UnsupportedOperationException("the worker only writes Parquet");
  }

  @Override
  public void release() {}

  private record Compressor(Compression.Codec codec, int level) implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      return switch (codec) {
        case NONE -> bytes;
        case SNAPPY -> BytesInput.from(Snappy.compress(bytes.toByteArray()));
        case ZSTD -> BytesInput.from(Zstd.compress(bytes.toByteArray(), level));
        case GZIP -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream((int) bytes.size() / 2 + 64);
          try (OutputStream z = new LeveledGzip(out, level)) {
            bytes.writeAllTo(z);
          }
          yield BytesInput.from(out.toByteArray());
        }
      };
    }

    @Override
    public CompressionCodecName getCodecName() {
      return switch (codec) {
        case NONE -> CompressionCodecName.UNCOMPRESSED;
        case SNAPPY -> CompressionCodecName.SNAPPY;
        case ZSTD -> CompressionCodecName.ZSTD;
        case GZIP -> CompressionCodecName.GZIP;
      };
    }

    @Override
    public void release() {}
  }

  private static final class LeveledGzip extends GZIPOutputStream {
    LeveledGzip(OutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level);
    }
  }
}
