package io.dataexporter.cli.export;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value of {@code --split train=0.8,validation=0.1,test=0.1}: comma-separated {@code
 * NAME=RATIO} pairs, in the order given. Only the syntax is checked here (a name, a number, no name
 * twice); which names and ratios are allowed, and that they sum to 1, is the server's rule.
 */
public record SplitRatios(Map<String, BigDecimal> byName) {
  /** Reads the option's text. */
  public static final class Converter implements ITypeConverter<SplitRatios> {
    @Override
    public SplitRatios convert(String text) {
      Map<String, BigDecimal> ratios = new LinkedHashMap<>();
      for (String pair : text.split(",", -1)) {
        int equals = pair.indexOf('=');
        if (equals < 0) {
          throw new TypeConversionException(
              "'" + pair.strip() + "' is not NAME=RATIO (e.g. train=0.8,validation=0.1,test=0.1)");
        }
        String name = pair.substring(0, equals).strip();
        String ratio = pair.substring(equals + 1).strip();
        if (name.isEmpty()) {
          throw new TypeConversionException("'" + pair.strip() + "' has no split name before '='");
        }
        BigDecimal value;
        try {
          value = new BigDecimal(ratio);
        } catch (NumberFormatException e) {
          throw new TypeConversionException(
              "the ratio of " + name + " is not a number: '" + ratio + "'");
        }
        if (ratios.put(name, value) != null) {
          throw new TypeConversionException("split " + name + " is named twice");
        }
      }
      return new SplitRatios(ratios);
    }
  }
}
