package io.dataexporter.testsupport.jobs;

import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportStatus;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions on a stored export: {@code ExportAssert.assertThat(job).hasStatus(...)}. */
public final class ExportAssert extends AbstractAssert<ExportAssert, ExportJob> {
  private ExportAssert(ExportJob actual) {
    super(actual, ExportAssert.class);
  }

  public static ExportAssert assertThat(ExportJob actual) {
    return new ExportAssert(actual);
  }

  public ExportAssert hasStatus(ExportStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage(
          "expected export %s to be %s but it is %s (error: %s)",
          actual.id(), expected.wire(), actual.status().wire(), actual.errorMessage());
    }
    return this;
  }

  public ExportAssert hasErrorContaining(String text) {
    isNotNull();
    if (actual.errorMessage() == null || !actual.errorMessage().contains(text)) {
      failWithMessage(
          "expected export %s's error to contain <%s> but it is <%s>",
          actual.id(), text, actual.errorMessage());
    }
    return this;
  }

  public ExportAssert hasNoError() {
    isNotNull();
    if (actual.errorMessage() != null) {
      failWithMessage(
          "expected export %s without error but it has <%s>", actual.id(), actual.errorMessage());
    }
    return this;
  }

  public ExportAssert hasTotalRecords(long expected) {
    isNotNull();
    if (actual.totalRecords() != expected) {
      failWithMessage(
          "expected export %s to hold %d records but it holds %d",
          actual.id(), expected, actual.totalRecords());
    }
    return this;
  }
}
