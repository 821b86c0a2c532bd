package io.dataexporter.gateway.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dataexporter.error.FieldError;
import io.dataexporter.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BulkRequestTest {
  private static final String A = "0b9d2c1e-1111-4222-8333-444444444444";
  private static final String B = "5f21aa00-1111-4222-8333-444444444444";

  @Test
  void a_repeated_id_is_kept_once_in_the_order_given() {
    BulkRequest.BulkCommand command = new BulkRequest("delete", List.of(B, A, B)).checked();
    assertThat(command.action()).isEqualTo(BulkAction.DELETE);
    assertThat(command.exportIds()).containsExactly(UUID.fromString(B), UUID.fromString(A));
  }

  @Test
  void every_bad_field_is_named_at_once() {
    assertThat(fields(new BulkRequest("stop", List.of(A, "nope", "0b9d2c1e"))))
        .containsExactly("action", "export_ids[1]", "export_ids[2]");
    assertThat(fields(new BulkRequest(null, null))).containsExactly("action", "export_ids");
    assertThat(fields(new BulkRequest("cancel", List.of()))).containsExactly("export_ids");
  }

  @Test
  void at_most_100_ids_are_taken() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    assertThat(new BulkRequest("cancel", ids).checked().exportIds()).hasSize(100);
    ids.add(UUID.randomUUID().toString());
    assertThat(fields(new BulkRequest("cancel", ids))).containsExactly("export_ids");
  }

  @Test
  void a_uuid_in_a_short_form_is_not_an_export_id() {
    // UUID.fromString accepts "1-1-1-1-1"; an export id is always written out in full
    assertThat(fields(new BulkRequest("cancel", List.of("1-1-1-1-1"))))
        .containsExactly("export_ids[0]");
  }

  private static List<String> fields(BulkRequest request) {
    InvalidRequestException e =
        catchThrowableOfType(InvalidRequestException.class, request::checked);
    assertThat(e).as("a 400").isNotNull();
    return e.errors().stream().map(FieldError::field).toList();
  }
}
