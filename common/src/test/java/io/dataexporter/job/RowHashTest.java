package io.dataexporter.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RowHashTest {

  @Test
  void javaGivesTheValueThatPostgresAndPythonGive() {
    // SELECT ('x' || left(encode(sha256(convert_to('split' || chr(31) || 's' || chr(31) || '42',
    // 'UTF8')), 'hex'), 13))::bit(52)::bigint; and Python's int(sha256(...).hexdigest()[:13], 16)
    assertThat(RowHash.of(RowHash.SPLIT, "s", "42")).isEqualTo(4151119056518004L);
    assertThat(RowHash.of(RowHash.SAMPLE, "s", "42")).isNotEqualTo(4151119056518004L);
    assertThat(RowHash.of(RowHash.SPLIT, "s", null)).isEqualTo(RowHash.of(RowHash.SPLIT, "s", ""));
  }

  @Test
  void splitRangesCoverTheUnitIntervalInNameOrder() {
    Split split = new Split(Map.of("train", 0.8, "validation", 0.1, "test", 0.1), null, null);
    assertThat(split.names()).containsExactly("test", "train", "validation");
    assertThat(split.range("test")).containsExactly(0L, RowHash.threshold(0.1));
    assertThat(split.range("train")[0]).isEqualTo(split.range("test")[1]);
    assertThat(split.range("validation")[0]).isEqualTo(split.range("train")[1]);
    assertThat(split.range("validation")[1]).isEqualTo(RowHash.SCALE);
  }

  @Test
  void sizesReadDecimalAndBinaryUnits() {
    assertThat(FileSizes.parse("256MB")).isEqualTo(256_000_000L);
    assertThat(FileSizes.parse("1 MiB")).isEqualTo(1_048_576L);
    assertThat(FileSizes.parse("1.5kb")).isEqualTo(1_500L);
    assertThat(FileSizes.parse("1234")).isEqualTo(1_234L);
    assertThatThrownBy(() -> FileSizes.parse("12 parsecs"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileSizes.parse("-1MB")).isInstanceOf(IllegalArgumentException.class);
  }
}
