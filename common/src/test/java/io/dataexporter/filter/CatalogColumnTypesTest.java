package io.dataexporter.filter;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.error.TransientException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class CatalogColumnTypesTest {

  @Test
  void an_unreachable_database_is_a_transient_problem() {
    CatalogColumnTypes types =
        new CatalogColumnTypes(
            Jdbi.create("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "x", "y"));
    Dataset logs =
        new Dataset("logs", "public.logs", "id", "timestamp", null, List.of("id", "timestamp"));
    assertThatThrownBy(() -> types.of(logs))
        .isInstanceOf(TransientException.class)
        .hasMessageContaining("unavailable");
  }
}
