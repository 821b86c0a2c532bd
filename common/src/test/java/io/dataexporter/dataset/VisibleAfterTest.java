package io.dataexporter.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The widening of a row's 32-bit xmin against a snapshot's xmax, and the condition it builds. */
class VisibleAfterTest {
  private static final long EPOCH = 1L << 32;

  @Test
  void in_the_first_epoch_ids_below_the_reference_stay_as_they_are() {
    long reference = 1_000;
    assertThat(VisibleAfter.widen(999, reference)).isEqualTo(999);
    assertThat(VisibleAfter.widen(3, reference)).isEqualTo(3);
    // at or above the reference's low bits: the epoch before, which the first epoch has not
    assertThat(VisibleAfter.widen(1_000, reference)).isEqualTo(1_000 - EPOCH).isNegative();
  }

  @Test
  void in_a_later_epoch_ids_at_or_above_the_low_bits_belong_to_the_epoch_before() {
    long reference = 5 * EPOCH + 100;
    assertThat(VisibleAfter.widen(99, reference)).isEqualTo(5 * EPOCH + 99);
    assertThat(VisibleAfter.widen(0, reference)).isEqualTo(5 * EPOCH);
    assertThat(VisibleAfter.widen(100, reference)).isEqualTo(4 * EPOCH + 100);
    assertThat(VisibleAfter.widen(EPOCH - 1, reference)).isEqualTo(5 * EPOCH - 1);
  }

  @Test
  void a_reference_on_an_epoch_boundary_puts_every_id_in_the_epoch_before() {
    long reference = 3 * EPOCH;
    assertThat(VisibleAfter.widen(0, reference)).isEqualTo(2 * EPOCH);
    assertThat(VisibleAfter.widen(EPOCH - 1, reference)).isEqualTo(3 * EPOCH - 1);
    assertThat(VisibleAfter.widen(0, reference + 1)).isEqualTo(3 * EPOCH);
    assertThat(VisibleAfter.widen(1, reference + 1)).isEqualTo(2 * EPOCH + 1);
  }

  @Test
  void every_id_less_than_two_to_the_32_below_the_reference_comes_back_exactly() {
    Random random = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long reference = EPOCH + (random.nextLong() & ((1L << 40) - 1));
      long xid = reference - 1 - (random.nextLong() & (EPOCH - 1));
      assertThat(VisibleAfter.widen(xid & (EPOCH - 1), reference))
          .as("xid %d against %d", xid, reference)
          .isEqualTo(xid);
    }
  }

  @Test
  void the_sql_carries_the_same_epoch_and_low_bits() {
    assertThat(VisibleAfter.widened("r", 5 * EPOCH + 100))
        .isEqualTo("(" + 5 * EPOCH + " + r - CASE WHEN r >= 100 THEN 4294967296 ELSE 0 END)");
  }

  @Test
  void the_literal_form_writes_the_cut_as_numbers_and_the_parameter_form_binds_it() {
    Dataset events = new Dataset("events", "public.events", "id", "at", null, List.of("id", "at"));
    VisibleAfter after = new VisibleAfter(700, List.of(702L, 705L), 710);
    RowFilter filter =
        new RowFilter(events, Instant.parse("2024-01-01T00:00:00Z"), null, List.of())
            .withVisibleAfter(after);
    String x8 = after.widenedXmin();
    assertThat(filter.literalWhereClause())
        .endsWith(" AND NOT (" + x8 + " < 700 OR " + x8 + " = ANY ('{702,705}'::bigint[]))");
    assertThat(filter.whereClause())
        .endsWith(" AND NOT (" + x8 + " < ? OR " + x8 + " = ANY (?::bigint[]))");
    assertThat(new RowFilter(events, null, null, List.of()).withVisibleAfter(null).whereClause())
        .isEmpty();
    assertThat(
            new RowFilter(events, null, null, List.of())
                .withVisibleAfter(new VisibleAfter(700, List.of(), 710))
                .literalWhereClause())
        .contains("= ANY ('{}'::bigint[])");
  }
}
