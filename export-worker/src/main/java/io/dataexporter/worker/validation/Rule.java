package io.dataexporter.worker.validation;

import java.util.function.Predicate;

/**
 * One named check on a record. The name is what rejected records and the {@code by_rule} counts
 * report.
 *
 * @param name stable rule name, e.g. {@code message_not_blank}
 * @param passes true when the record satisfies the rule
 */
public record Rule(String name, Predicate<RowView> passes) {}
