package io.dataexporter.job;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Status lists for SQL: the wire names of a set of statuses, bound with JDBI's {@code bindList} (so
 * a conditional update reads {@code status IN (<sources>)} and the set comes from the model).
 */
public final class StatusLists {
  private StatusLists() {}

  public static List<String> wire(Collection<? extends Enum<?>> statuses) {
    return statuses.stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList();
  }
}
