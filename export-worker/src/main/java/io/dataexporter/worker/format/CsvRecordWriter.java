package io.dataexporter.worker.format;

import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 4180 records through commons-csv. Every non-null value is quoted and NULL is an empty,
 * unquoted field, so NULL and the empty string ({@code ""}) stay distinguishable. JSON columns are
 * their JSON text in one cell. With {@code escapeFormulas}, text cells that would start a formula
 * get a leading {@code '} ({@link FormulaEscape}).
 */
public final class CsvRecordWriter implements RecordWriter {
  public static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setQuoteMode(QuoteMode.ALL_NON_NULL).get();

  private final CSVPrinter printer;
  private final Object[] cells;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final SourceColumns columns;
  private final boolean escapeFormulas;

  public CsvRecordWriter(OutputStream out, SourceColumns columns) throws IOException {
    this(out, columns, false);
  }

  /**
   * @param escapeFormulas text cells starting with {@code = + - @}, tab or CR get a leading {@code
   *     '}
   */
  public CsvRecordWriter(OutputStream out, SourceColumns columns, boolean escapeFormulas)
      throws IOException {
    this.columns = columns;
    this.escapeFormulas = escapeFormulas;
    int columnCount = columns.size();
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    this.printer = new CSVPrinter(writer, FORMAT);
    this.cells = new Object[columnCount];
  }

  @Override
  public void write(Object[] row) throws IOException {
    for (int i = 0; i < row.length; i++) {
      Object v = row[i];
      if (v instanceof BigDecimal d) {
        v = d.toPlainString();
      } else if (v instanceof String text) {
        ColumnKind kind = columns.kind(i);
        if (kind == ColumnKind.JSON_VALUE && text.startsWith("\"")) {
          String string = JSON.readTree(text).stringValue();
          v = escapeFormulas ? FormulaEscape.escape(string) : string;
        } else if (escapeFormulas && kind == ColumnKind.STRING) {
          v = FormulaEscape.escape(text);
        }
      }
      cells[i] = v;
    }
    printer.printRecord(cells);
  }

  @Override
  public void finish() throws IOException {
    printer.flush();
  }

  /** The header line for the given columns. */
  public static byte[] header(List<String> columns) {
    return header(columns, false);
  }

  /**
   * The header line for the given columns.
   *
   * @param escapeFormulas names that would start a formula get a leading {@code '}
   */
  public static byte[] header(List<String> columns, boolean escapeFormulas) {
    StringBuilder out = new StringBuilder();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(
          escapeFormulas ? columns.stream().map(FormulaEscape::escape).toList() : columns);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
