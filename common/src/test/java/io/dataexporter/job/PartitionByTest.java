package io.dataexporter.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class PartitionByTest {

  @Test
  void foldersAreUtcDaysHoursAndMonths() {
    Instant last = Instant.parse("2024-02-29T23:59:59.999999Z");
    Instant next = Instant.parse("2024-03-01T00:00:00Z");
    assertThat(PartitionBy.DAY.folder(last)).isEqualTo("date=2024-02-29");
    assertThat(PartitionBy.DAY.folder(next)).isEqualTo("date=2024-03-01");
    assertThat(PartitionBy.HOUR.folder(last)).isEqualTo("date=2024-02-29/hour=23");
    assertThat(PartitionBy.HOUR.folder(next)).isEqualTo("date=2024-03-01/hour=00");
    assertThat(PartitionBy.MONTH.folder(last)).isEqualTo("month=2024-02");
    assertThat(PartitionBy.MONTH.folder(next)).isEqualTo("month=2024-03");
    assertThat(PartitionBy.DAY.folder(null)).isEqualTo("date=__null__");
    assertThat(PartitionBy.HOUR.folder(null)).isEqualTo("date=__null__/hour=__null__");
  }

  @Test
  void infiniteTimesHaveFoldersOfTheirOwnInsteadOfFailing() {
    // what pgjdbc hands over for PostgreSQL's infinity and -infinity
    Instant infinity = OffsetDateTime.MAX.toInstant();
    Instant minusInfinity = OffsetDateTime.MIN.toInstant();
    assertThat(PartitionBy.DAY.folder(infinity)).isEqualTo("date=__infinity__");
    assertThat(PartitionBy.MONTH.folder(minusInfinity)).isEqualTo("month=__-infinity__");
    assertThat(PartitionBy.HOUR.folder(Instant.parse("9999-12-31T23:00:00Z")))
        .isEqualTo("date=9999-12-31/hour=23");
    assertThat(PartitionBy.DAY.folder(Instant.parse("0001-01-01T00:00:00Z")))
        .isEqualTo("date=0001-01-01");
  }
}
