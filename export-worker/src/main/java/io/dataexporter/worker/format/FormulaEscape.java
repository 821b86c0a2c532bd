package io.dataexporter.worker.format;

/**
 * Spreadsheet-safe CSV ({@code csv_escape_formulas}): a text cell that a spreadsheet would run as a
 * formula, one starting with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage
 * return, gets a leading {@code '}, as OWASP recommends against CSV injection. Only text-typed
 * values and header names; numbers, booleans, timestamps and JSON are never changed.
 */
public final class FormulaEscape {

  private FormulaEscape() {}

  /** Whether a cell starting with this character is read as a formula. */
  public static boolean triggers(int first) {
    return first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r';
  }

  /** {@code text}, with a leading {@code '} when it would start a formula. */
  public static String escape(String text) {
    return !text.isEmpty() && triggers(text.charAt(0)) ? "'" + text : text;
  }
}
