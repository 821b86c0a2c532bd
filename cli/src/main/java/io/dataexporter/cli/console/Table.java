package io.dataexporter.cli.console;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns padded to their widest cell; numbers right-aligned. */
public final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] rightAligned;

  /**
   * @param header the column names; a name starting with '>' is right-aligned (the '>' dropped)
   */
  public Table(String... header) {
    rightAligned = new boolean[header.length];
    String[] names = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rightAligned[i] = header[i].startsWith(">");
      names[i] = rightAligned[i] ? header[i].substring(1) : header[i];
    }
    rows.add(names);
  }

  public void row(String... cells) {
    if (cells.length != rightAligned.length) {
      throw new IllegalArgumentException(
          cells.length + " cells for " + rightAligned.length + " columns");
    }
    rows.add(cells);
  }

  public void print(PrintWriter out) {
    int[] widths = new int[rightAligned.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        String pad = " ".repeat(widths[i] - row[i].length());
        boolean last = i == row.length - 1;
        line.append(rightAligned[i] ? pad + row[i] : last ? row[i] : row[i] + pad);
        if (!last) {
          line.append("  ");
        }
      }
      out.println(line);
    }
  }
}
