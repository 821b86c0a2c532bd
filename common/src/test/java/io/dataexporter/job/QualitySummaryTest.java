package io.dataexporter.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class QualitySummaryTest {
  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void a_summary_stored_before_profiles_existed_reads_with_none() {
    QualitySummary old =
        json.readValue("{\"records\": 3, \"non_null\": {\"id\": 3}}", QualitySummary.class);
    assertThat(old.records()).isEqualTo(3);
    assertThat(old.nonNull()).containsEntry("id", 3L);
    assertThat(old.profiles()).isEmpty();
    assertThat(old.plus(old).nonNull()).containsEntry("id", 6L);
  }

  @Test
  void profiles_survive_the_stored_form_and_merge() {
    QualitySummary a =
        new QualitySummary(
            2,
            Map.of("id", 2L, "level", 2L, "at", 2L),
            Map.of(
                "id", new ColumnProfile(ColumnProfile.INTEGER, 5L, 9L, null, false),
                "level",
                    new ColumnProfile(ColumnProfile.TEXT, null, null, Map.of("INFO", 2L), false),
                "at",
                    new ColumnProfile(
                        ColumnProfile.DATETIME,
                        "2024-01-01T00:00:00.5Z",
                        "2024-01-01T00:00:01Z",
                        null,
                        false)));
    QualitySummary b =
        new QualitySummary(
            1,
            Map.of("id", 1L, "level", 1L, "at", 1L),
            Map.of(
                "id", new ColumnProfile(ColumnProfile.INTEGER, 1L, 3L, null, false),
                "level",
                    new ColumnProfile(ColumnProfile.TEXT, null, null, Map.of("WARN", 1L), false),
                "at",
                    new ColumnProfile(
                        ColumnProfile.DATETIME,
                        "2024-01-01T00:00:00Z",
                        "2024-01-01T00:00:00.999Z",
                        null,
                        false)));
    QualitySummary stored =
        json.readValue(json.writeValueAsString(a), QualitySummary.class)
            .plus(json.readValue(json.writeValueAsString(b), QualitySummary.class));
    assertThat(stored.records()).isEqualTo(3);
    ColumnProfile id = stored.profiles().get("id");
    assertThat(((Number) id.min()).longValue()).isEqualTo(1);
    assertThat(((Number) id.max()).longValue()).isEqualTo(9);
    assertThat(stored.profiles().get("level").values()).isEqualTo(Map.of("INFO", 2L, "WARN", 1L));
    assertThat(stored.profiles().get("at").min()).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(stored.profiles().get("at").max()).isEqualTo("2024-01-01T00:00:01Z");
  }

  @Test
  void text_with_more_than_fifty_values_over_all_shards_lists_none() {
    Map<String, Long> first = new java.util.HashMap<>();
    Map<String, Long> second = new java.util.HashMap<>();
    for (int i = 0; i < 30; i++) {
      first.put("a" + i, 1L);
      second.put("b" + i, 2L);
    }
    ColumnProfile merged =
        new ColumnProfile(ColumnProfile.TEXT, null, null, first, false)
            .plus(new ColumnProfile(ColumnProfile.TEXT, null, null, second, false));
    assertThat(merged.manyValues()).isTrue();
    assertThat(merged.values()).isNull();
    assertThat(merged.top()).isEmpty();

    ColumnProfile few = new ColumnProfile(ColumnProfile.TEXT, null, null, second, false);
    assertThat(few.top()).hasSize(ColumnProfile.TOP);
    assertThat(few.top().get(0)).isEqualTo(Map.entry("b0", 2L)); // ties by value
  }

  @Test
  void infinite_doubles_read_back_from_the_stored_form_still_merge() {
    QualitySummary a =
        new QualitySummary(
            2,
            Map.of("ratio", 2L),
            Map.of(
                "ratio",
                new ColumnProfile(
                    ColumnProfile.NUMBER,
                    Double.NEGATIVE_INFINITY,
                    Double.POSITIVE_INFINITY,
                    null,
                    false)));
    QualitySummary b =
        new QualitySummary(
            1,
            Map.of("ratio", 1L),
            Map.of("ratio", new ColumnProfile(ColumnProfile.NUMBER, 0.5, 2.5, null, false)));
    QualitySummary stored =
        json.readValue(json.writeValueAsString(a), QualitySummary.class)
            .plus(json.readValue(json.writeValueAsString(b), QualitySummary.class));
    ColumnProfile ratio = stored.profiles().get("ratio");
    assertThat(ratio.min().toString()).isEqualTo("-Infinity");
    assertThat(ratio.max().toString()).isEqualTo("Infinity");
    assertThat(b.plus(a).profiles().get("ratio").max()).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
