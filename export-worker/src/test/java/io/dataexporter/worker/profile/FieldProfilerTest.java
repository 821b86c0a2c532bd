package io.dataexporter.worker.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataexporter.job.ColumnProfile;
import io.dataexporter.worker.format.CopyRowWriter;
import io.dataexporter.worker.source.ColumnKind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldProfilerTest {

  @Test
  void both_read_paths_give_the_same_profile() throws Exception {
    // COPY rows: flag, id, timestamp, level
    String[] copyRows = {
      ",\"7\",\"2024-03-03 10:00:00.12+00\",\"INFO\"\n",
      ",\"-3\",\"2024-03-03 10:00:00+00\",\"say \"\"hi\"\"\"\n",
      ",\"12\",\"2024-03-03 10:00:00.125+00\",\"INFO\"\n",
      ",\"5\",\"2024-03-02 23:59:59.999999+00\",\n",
      "\"1\",\"99\",\"2030-01-01 00:00:00+00\",\"flagged\"\n",
    };
    FieldProfiler[] raw = {
      FieldProfiler.of(ColumnKind.INTEGER),
      FieldProfiler.of(ColumnKind.TIMESTAMP),
      FieldProfiler.of(ColumnKind.STRING)
    };
    CopyRowWriter writer =
        new CopyRowWriter(new boolean[] {false, true, false}, new boolean[3], raw);
    for (String row : copyRows) {
      writer.write(row.getBytes(StandardCharsets.UTF_8), new ByteArrayOutputStream());
    }
    Object[][] rows = {
      {7L, "2024-03-03T10:00:00.120Z", "INFO"},
      {-3L, "2024-03-03T10:00:00Z", "say \"hi\""},
      {12L, "2024-03-03T10:00:00.125Z", "INFO"},
      {5L, "2024-03-02T23:59:59.999999Z", null},
    };
    FieldProfiler[] general = {
      FieldProfiler.of(ColumnKind.INTEGER),
      FieldProfiler.of(ColumnKind.TIMESTAMP),
      FieldProfiler.of(ColumnKind.STRING)
    };
    for (Object[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        if (row[i] != null) {
          general[i].add(row[i]);
        }
      }
    }
    for (int i = 0; i < 3; i++) {
      assertThat(raw[i].profile()).isEqualTo(general[i].profile());
    }
    assertThat(general[0].profile().min()).isEqualTo(-3L);
    assertThat(general[0].profile().max()).isEqualTo(12L);
    assertThat(general[1].profile().min()).isEqualTo("2024-03-02T23:59:59.999999Z");
    assertThat(general[1].profile().max()).isEqualTo("2024-03-03T10:00:00.125Z");
    assertThat(general[2].profile().values()).isEqualTo(Map.of("INFO", 2L, "say \"hi\"", 1L));
  }

  @Test
  void text_stops_counting_past_fifty_distinct_values() {
    FieldProfiler general = FieldProfiler.of(ColumnKind.STRING);
    FieldProfiler raw = FieldProfiler.of(ColumnKind.STRING);
    for (int i = 0; i < 50; i++) {
      general.add("v" + i);
      byte[] b = ("v" + i).getBytes(StandardCharsets.UTF_8);
      raw.addRaw(b, 0, b.length);
    }
    assertThat(general.profile().values()).hasSize(50);
    assertThat(raw.profile().values()).hasSize(50);
    general.add("one more");
    raw.addRaw("one more".getBytes(StandardCharsets.UTF_8), 0, 8);
    assertThat(general.profile().manyValues()).isTrue();
    assertThat(raw.profile().manyValues()).isTrue();
    assertThat(raw.profile().values()).isNull();
  }

  @Test
  void numbers_and_booleans() {
    FieldProfiler score = FieldProfiler.of(ColumnKind.DOUBLE);
    score.add(0.5);
    score.add(Double.NaN);
    score.add(-1.25);
    assertThat(score.profile())
        .isEqualTo(new ColumnProfile(ColumnProfile.NUMBER, -1.25, 0.5, null, false));
    FieldProfiler flag = FieldProfiler.of(ColumnKind.BOOLEAN);
    flag.add(true);
    flag.add(true);
    flag.add(false);
    assertThat(flag.profile().values()).isEqualTo(Map.of("true", 2L, "false", 1L));
    assertThat(FieldProfiler.of(ColumnKind.JSON).profile().kind()).isEqualTo(ColumnProfile.OTHER);
  }

  @Test
  void instant_texts_order_as_instants() {
    String[] ordered = {
      "-0001-01-01T00:00:00Z",
      "2024-03-03T10:00:00Z",
      "2024-03-03T10:00:00.000001Z",
      "2024-03-03T10:00:00.120Z",
      "2024-03-03T10:00:00.125Z",
      "2024-03-03T10:00:01Z",
      "+10000-01-01T00:00:00Z"
    };
    for (int i = 0; i + 1 < ordered.length; i++) {
      assertThat(InstantText.compare(ordered[i], ordered[i + 1])).isNegative();
      assertThat(InstantText.compare(ordered[i + 1], ordered[i])).isPositive();
    }
    assertThat(InstantText.compare("2024-03-03T10:00:00.100Z", "2024-03-03T10:00:00.100Z"))
        .isZero();
  }
}
