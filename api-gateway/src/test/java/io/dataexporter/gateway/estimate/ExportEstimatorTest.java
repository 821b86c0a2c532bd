package io.dataexporter.gateway.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.Compression;
import io.dataexporter.job.Compression.Codec;
import io.dataexporter.job.Sample;
import io.dataexporter.job.Split;
import java.util.LinkedHashMap;
import java.util.Map;
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

  @Test
  void a_sample_scales_by_its_fraction_or_caps_at_its_row_count() {
    assertThat(ExportEstimator.sampled(10_000, null)).isEqualTo(10_000);
    assertThat(ExportEstimator.sampled(10_000, new Sample(0.1, null, null, null))).isEqualTo(1000);
    assertThat(ExportEstimator.sampled(10_000, new Sample(null, 500L, null, null))).isEqualTo(500);
    assertThat(ExportEstimator.sampled(10_000, new Sample(null, 50_000L, null, null)))
        .isEqualTo(10_000);
  }

  @Test
  void a_split_shares_out_every_record_by_its_ratios_in_name_order() {
    Map<String, Double> ratios = new LinkedHashMap<>();
    ratios.put("train", 0.8);
    ratios.put("validation", 0.1);
    ratios.put("test", 0.1);
    Map<String, Long> shares = ExportEstimator.perSplit(10_001, new Split(ratios, null, null));
    assertThat(shares.keySet()).containsExactly("test", "train", "validation");
    assertThat(shares.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(10_001);
    assertThat(shares.get("train")).isBetween(8000L, 8001L);
    assertThat(shares.get("test")).isBetween(1000L, 1001L);
    assertThat(ExportEstimator.perSplit(7, new Split(Map.of("all", 1.0), null, null)))
        .containsExactly(Map.entry("all", 7L));
  }
}
