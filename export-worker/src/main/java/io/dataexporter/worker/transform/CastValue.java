package io.dataexporter.worker.transform;

import io.dataexporter.worker.source.ColumnKind;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code cast} step's conversions. A value that does not convert exactly becomes null: integers
 * are whole numbers in the 64-bit range ({@code "42"}, {@code " -7 "}, {@code "4.0"}, {@code 1e3};
 * {@code 2.5} and {@code "12abc"} are null); floats are finite decimal numbers; booleans are {@code
 * true/false, t/f, yes/no, y/n, on/off, 1/0} in any case, as PostgreSQL reads them. Text is read
 * with surrounding whitespace ignored.
 */
final class CastValue {
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,19}");
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,9})?");
  private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "on", "1");
  private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "off", "0");

  private CastValue() {}

  /** The output kind of a cast to {@code type} (text, integer, float, boolean). */
  static ColumnKind kind(String type) {
    return switch (type) {
      case "integer" -> ColumnKind.INTEGER;
      case "float" -> ColumnKind.DOUBLE;
      case "boolean" -> ColumnKind.BOOLEAN;
      default -> ColumnKind.STRING;
    };
  }

  /** The conversion of non-null values of {@code from} to {@code type}. */
  static Function<Object, Object> to(String type, ColumnKind from) {
    return switch (type) {
      case "integer" -> v -> toInteger(v, from);
      case "float" -> v -> toFloat(v, from);
      case "boolean" -> v -> toBoolean(v, from);
      default -> v -> ValueForms.text(v, from);
    };
  }

  private static Long toInteger(Object v, ColumnKind from) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? whole(BigDecimal.valueOf(d)) : null;
    }
    if (v instanceof BigDecimal d) {
      return whole(d);
    }
    if (v instanceof Boolean) {
      return null;
    }
    String text = ValueForms.text(v, from).strip();
    if (INTEGER.matcher(text).matches()) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return null; // beyond the 64-bit range
      }
    }
    return DECIMAL.matcher(text).matches() ? whole(new BigDecimal(text)) : null;
  }

  private static Long whole(BigDecimal d) {
    try {
      return d.longValueExact();
    } catch (ArithmeticException e) {
      return null; // a fraction, or beyond the 64-bit range
    }
  }

  private static Double toFloat(Object v, ColumnKind from) {
    if (v instanceof Double d) {
      return d;
    }
    if (v instanceof Long l) {
      return l.doubleValue();
    }
    if (v instanceof BigDecimal d) {
      return finite(d.doubleValue());
    }
    if (v instanceof Boolean) {
      return null;
    }
    String text = ValueForms.text(v, from).strip();
    return DECIMAL.matcher(text).matches() ? finite(Double.parseDouble(text)) : null;
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static Boolean toBoolean(Object v, ColumnKind from) {
    if (v instanceof Boolean b) {
      return b;
    }
    String text = ValueForms.text(v, from).strip().toLowerCase(Locale.ROOT);
    return TRUE.contains(text) ? Boolean.TRUE : FALSE.contains(text) ? Boolean.FALSE : null;
  }
}
