package io.dataexporter.gateway.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.Compression;
import io.dataexporter.job.Compression.Codec;
import org.junit.jupiter.api.Test;

class ExportEstimatorTest {

  @Test
  void compressed_size_follows_the_codec_and_the_zstd_level() {
    long plain = 900_000;
    assertThat(ExportEstimator.compressedBytes(plain, Compression.NONE)).isEqualTo(plain);
    assertThat(ExportEstimator.compressedBytes(plain, Compression.GZIP)).isEqualTo(150_000);
    assertThat(ExportEstimator.compressedBytes(plain, new Compression(Codec.GZIP, 9, true)))
        .isEqualTo(150_000);
    assertThat(ExportEstimator.compressedBytes(plain, new Compression(Codec.ZSTD, null, true)))
        .isEqualTo(150_000);
    assertThat(ExportEstimator.compressedBytes(plain, new Compression(Codec.ZSTD, 12, true)))
        .isEqualTo(128_571);
    assertThat(ExportEstimator.compressedBytes(plain, new Compression(Codec.ZSTD, 19, true)))
        .isEqualTo(100_000);
  }
}
