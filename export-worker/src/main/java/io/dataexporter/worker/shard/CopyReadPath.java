package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.worker.format.CopyRowWriter;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.source.SourceCopy;
import io.dataexporter.worker.source.SourceRows;
import io.dataexporter.worker.validation.RuleBook;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * The COPY fast path: PostgreSQL's CSV bytes go to the part as they come (line ends as CRLF and
 * timestamps as {@code Instant} text, like the Java writer), counting non-null fields per column on
 * the way, and escaping formula-like text for {@code csv_escape_formulas}. Rows flagged as failing
 * validation are skipped; when there were any, they are read again through the general path, which
 * writes them to the rejected part with the rules they broke.
 */
final class CopyReadPath {
  private final SourceCopy copy;
  private final boolean enabled;
  private final CursorReadPath general;

  /**
   * @param enabled whether the path is used at all ({@code exporter.worker.copy-fast-path})
   * @param general the path that replays the rows COPY flagged
   */
  CopyReadPath(SourceCopy copy, boolean enabled, CursorReadPath general) {
    this.copy = copy;
    this.enabled = enabled;
    this.general = general;
  }

  /** The columns to copy and the SQL form of the validation rules. */
  record Plan(SourceColumns columns, String brokenWhen) {}

  /** A row holds a value the COPY path would write differently from the general path. */
  static final class Unsuitable extends RuntimeException {
    Unsuitable() {
      super("a timestamp outside years 1 to 9999, or infinite: the general path writes this shard");
    }
  }

  /**
   * The path applies to CSV (never Parquet or JSON) without transformations nor time partitions,
   * when every column's text is the same from PostgreSQL and from the Java writers, and the
   * validation level's rules can be written in SQL; empty otherwise (and always when the path is
   * switched off).
   */
  Optional<Plan> plan(ExportRequest request, Dataset dataset, RowFilter filter) {
    if (!enabled
        || request.outputFormat() != OutputFormat.CSV
        || request.partitionBy() != null
        || !request.transformationsOf(dataset.name()).isEmpty()
        || !RowFilter.literalSafe(filter.from())
        || !RowFilter.literalSafe(filter.to())) {
      return Optional.empty();
    }
    return copy.columns(dataset)
        .flatMap(
            columns ->
                RuleBook.asSql(request.validationLevel(), dataset, columns)
                    .map(check -> new Plan(columns, check.brokenWhen())));
  }

  /**
   * @throws Unsuitable when a row cannot be written by this path; the attempt is then abandoned
   */
  void read(ShardAttempt attempt, RowFilter filter, Plan plan, List<String> snapshot)
      throws IOException {
    attempt.copying();
    attempt.quality.bind(plan.columns());
    ShardPieces pieces = attempt.pieces;
    OutputStream out = pieces == null ? attempt.data.stream() : null;
    boolean[] timestamps = new boolean[plan.columns().size()];
    boolean[] escaped = new boolean[timestamps.length];
    for (int i = 0; i < timestamps.length; i++) {
      timestamps[i] = plan.columns().kind(i) == ColumnKind.TIMESTAMP;
      escaped[i] =
          attempt.request.csvEscapeFormulas() && plan.columns().kind(i) == ColumnKind.STRING;
    }
    CopyRowWriter rows = new CopyRowWriter(timestamps, escaped, attempt.quality.profilers());
    long[] flagged = new long[1];
    long[] valid = new long[1];
    int batchSize = attempt.request.batchSize();
    copy.copy(
        filter,
        plan.columns(),
        plan.brokenWhen(),
        batchSize,
        snapshot,
        row -> {
          long t0 = System.nanoTime();
          try {
            attempt.beforeRow();
            int outcome = rows.write(row, pieces == null ? out : pieces.recordBuffer());
            if (outcome == CopyRowWriter.UNSUITABLE) {
              throw new Unsuitable();
            }
            if (outcome == CopyRowWriter.FLAGGED) {
              flagged[0]++;
              return;
            }
            if (pieces != null) {
              pieces.placeEncoded(null);
            }
            attempt.recordWritten();
          } finally {
            attempt.inSinkSince(t0);
          }
        },
        connection -> {
          valid[0] = attempt.written();
          attempt.copiedValid(valid[0]);
          // the flagged rows again, from the same snapshot, through the general path
          if (flagged[0] > 0) {
            SourceRows.read(
                connection, filter, plan.brokenWhen(), batchSize, general.sink(attempt, true));
          }
        });
    attempt.quality.add(valid[0], rows.nonNull());
  }
}
