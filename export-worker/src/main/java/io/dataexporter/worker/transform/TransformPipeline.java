package io.dataexporter.worker.transform;

import io.dataexporter.error.PermanentException;
import io.dataexporter.transform.JsonPaths;
import io.dataexporter.transform.RegexReplacement;
import io.dataexporter.transform.Transformation;
import io.dataexporter.transform.ValueCap;
import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A data type's transformation steps compiled against the columns of its result set: the output
 * columns (names and kinds) and one function per step. Rows pass through every step in order.
 */
public final class TransformPipeline {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final SourceColumns output;
  private final List<UnaryOperator<Object[]>> steps;

  private TransformPipeline(SourceColumns output, List<UnaryOperator<Object[]>> steps) {
    this.output = output;
    this.steps = steps;
  }

  /**
   * @param hashKey secret for the {@code hash} step's HMAC-SHA-256
   */
  public static TransformPipeline compile(
      SourceColumns input, List<Transformation> transformations, byte[] hashKey) {
    try {
      return compileSteps(input, transformations, hashKey);
    } catch (IndexOutOfBoundsException e) {
      // a step names a column the rows do not have (any more): every attempt would fail alike
      throw new PermanentException(
          "the transformations do not fit the columns " + input.names() + ": " + e.getMessage(), e);
    }
  }

  private static TransformPipeline compileSteps(
      SourceColumns input, List<Transformation> transformations, byte[] hashKey) {
    Shape shape = new Shape(new ArrayList<>(input.names()), new ArrayList<>());
    for (int i = 0; i < input.size(); i++) {
      shape.kinds.add(input.kind(i));
    }
    List<UnaryOperator<Object[]>> steps = new ArrayList<>();
    for (Transformation t : transformations) {
      if (t instanceof Transformation.Fields f) {
        steps.add(shape.keep(f.fields().stream().mapToInt(shape.names::indexOf).toArray()));
      } else if (t instanceof Transformation.Drop d) {
        steps.add(
            shape.keep(
                IntStream.range(0, shape.names.size())
                    .filter(i -> !d.fields().contains(shape.names.get(i)))
                    .toArray()));
      } else if (t instanceof Transformation.Rename r) {
        shape.names.set(shape.names.indexOf(r.from()), r.to());
      } else if (t instanceof Transformation.MaskIp m) {
        int at = shape.retype(m.field(), ColumnKind.STRING);
        steps.add(row -> update(row, at, v -> IpMask.mask(v.toString(), m.prefix(), m.prefixV6())));
      } else if (t instanceof Transformation.Hash h) {
        int at = shape.retype(h.field(), ColumnKind.STRING);
        Mac mac = hmac(hashKey);
        steps.add(
            row ->
                update(
                    row,
                    at,
                    v ->
                        HexFormat.of()
                            .formatHex(
                                mac.doFinal(v.toString().getBytes(StandardCharsets.UTF_8)))));
      } else if (t instanceof Transformation.Truncate tr) {
        int at = shape.names.indexOf(tr.field());
        if (shape.kinds.get(at) == ColumnKind.STRING) {
          steps.add(row -> update(row, at, v -> truncate((String) v, tr.maxLength())));
        }
      } else if (t instanceof Transformation.Extract e) {
        steps.add(extractStep(shape, e));
      } else if (t instanceof Transformation.Concat c) {
        steps.add(concatStep(shape, c));
      } else if (t instanceof Transformation.Coalesce c) {
        steps.add(coalesceStep(shape, c));
      } else if (t instanceof Transformation.MapValues m) {
        int at = shape.names.indexOf(m.field());
        MapStep map = new MapStep(m, shape.kinds.get(at));
        shape.kinds.set(at, map.outputKind());
        Function<Object, Object> lookup = map.apply();
        steps.add(row -> set(row, at, lookup.apply(row[at])));
      } else if (t instanceof Transformation.ChangeCase c) {
        ColumnKind kind = shape.kinds.get(shape.names.indexOf(c.field()));
        int at = shape.retype(c.field(), ColumnKind.STRING);
        boolean upper = c.to().equals("upper");
        steps.add(
            row ->
                update(
                    row,
                    at,
                    v -> {
                      String text = ValueForms.text(v, kind);
                      return upper ? text.toUpperCase(Locale.ROOT) : text.toLowerCase(Locale.ROOT);
                    }));
      } else if (t instanceof Transformation.RegexReplace r) {
        ColumnKind kind = shape.kinds.get(shape.names.indexOf(r.field()));
        int at = shape.retype(r.field(), ColumnKind.STRING);
        RegexReplacement regex = RegexReplacement.compile(r.pattern(), r.replacement());
        steps.add(row -> update(row, at, v -> regex.replaceAll(ValueForms.text(v, kind))));
      } else if (t instanceof Transformation.Cast c) {
        ColumnKind kind = shape.kinds.get(shape.names.indexOf(c.field()));
        int at = shape.retype(c.field(), CastValue.kind(c.to()));
        Function<Object, Object> cast = CastValue.to(c.to(), kind);
        steps.add(row -> set(row, at, row[at] == null ? null : cast.apply(row[at])));
      } else if (t instanceof Transformation.TimestampFormat tf
          && tf.format().equals("epoch_millis")) {
        for (int i = 0; i < shape.names.size(); i++) {
          ColumnKind kind = shape.kinds.get(i);
          boolean timestamp = kind == ColumnKind.TIMESTAMP || kind == ColumnKind.LOCAL_TIMESTAMP;
          if (timestamp && (tf.fields().isEmpty() || tf.fields().contains(shape.names.get(i)))) {
            int at = shape.retype(shape.names.get(i), ColumnKind.INTEGER);
            steps.add(row -> update(row, at, v -> Instant.parse((String) v).toEpochMilli()));
          }
        }
      }
    }
    return new TransformPipeline(
        new SourceColumns(shape.names, shape.kinds.toArray(ColumnKind[]::new)), List.copyOf(steps));
  }

  private static UnaryOperator<Object[]> extractStep(Shape shape, Transformation.Extract e) {
    int from = shape.names.indexOf(e.field());
    ColumnKind kind = shape.kinds.get(from);
    boolean json = kind == ColumnKind.JSON || kind == ColumnKind.JSON_VALUE;
    String pointer = JsonPaths.toPointer(e.path());
    shape.names.add(e.as());
    shape.kinds.add(ColumnKind.JSON_VALUE);
    return row -> {
      Object[] out = Arrays.copyOf(row, row.length + 1);
      out[row.length] = json && row[from] != null ? extract((String) row[from], pointer) : null;
      return out;
    };
  }

  private static UnaryOperator<Object[]> concatStep(Shape shape, Transformation.Concat c) {
    int[] from = c.fields().stream().mapToInt(shape.names::indexOf).toArray();
    ColumnKind[] kinds = Arrays.stream(from).mapToObj(shape.kinds::get).toArray(ColumnKind[]::new);
    int to = shape.target(c.to(), ColumnKind.STRING);
    return row -> {
      StringBuilder joined = null;
      for (int i = 0; i < from.length; i++) {
        Object v = row[from[i]];
        if (v != null) {
          joined = joined == null ? new StringBuilder() : joined.append(c.separator());
          joined.append(ValueForms.text(v, kinds[i]));
          ValueCap.check(joined.length(), "concat");
        }
      }
      return put(row, to, joined == null ? null : joined.toString());
    };
  }

  /**
   * Keeps the fields' kind when they share one (both timestamp kinds count as one); otherwise the
   * result is JSON, so that numbers stay numbers and text stays text.
   */
  private static UnaryOperator<Object[]> coalesceStep(Shape shape, Transformation.Coalesce c) {
    int[] from = c.fields().stream().mapToInt(shape.names::indexOf).toArray();
    ColumnKind[] kinds = Arrays.stream(from).mapToObj(shape.kinds::get).toArray(ColumnKind[]::new);
    ColumnKind common = kinds[0] == ColumnKind.LOCAL_TIMESTAMP ? ColumnKind.TIMESTAMP : kinds[0];
    for (ColumnKind k : kinds) {
      ColumnKind same = k == ColumnKind.LOCAL_TIMESTAMP ? ColumnKind.TIMESTAMP : k;
      if (same != common) {
        common = ColumnKind.JSON_VALUE;
      }
    }
    boolean json = common == ColumnKind.JSON_VALUE;
    int to = shape.target(c.to(), common);
    return row -> {
      for (int i = 0; i < from.length; i++) {
        Object v = row[from[i]];
        if (v != null) {
          return put(row, to, json ? ValueForms.json(v, kinds[i]) : v);
        }
      }
      return put(row, to, null);
    };
  }

  /** The columns as the steps compiled so far leave them. */
  private record Shape(List<String> names, List<ColumnKind> kinds) {
    /** Keeps the columns at these indexes, in this order. */
    UnaryOperator<Object[]> keep(int[] indexes) {
      List<String> keptNames = Arrays.stream(indexes).mapToObj(names::get).toList();
      List<ColumnKind> keptKinds = Arrays.stream(indexes).mapToObj(kinds::get).toList();
      names.clear();
      names.addAll(keptNames);
      kinds.clear();
      kinds.addAll(keptKinds);
      return row -> select(row, indexes);
    }

    /** The index {@code column} is written to, with this kind: in place, or a new last column. */
    int target(String column, ColumnKind kind) {
      if (!names.contains(column)) {
        names.add(column);
        kinds.add(kind);
      }
      return retype(column, kind);
    }

    int retype(String column, ColumnKind kind) {
      int at = names.indexOf(column);
      kinds.set(at, kind);
      return at;
    }
  }

  public SourceColumns output() {
    return output;
  }

  public Object[] apply(Object[] row) {
    Object[] current = row;
    for (UnaryOperator<Object[]> step : steps) {
      current = step.apply(current);
    }
    return current;
  }

  private static Object[] select(Object[] row, int[] indexes) {
    Object[] out = new Object[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      out[i] = row[indexes[i]];
    }
    return out;
  }

  private static Object[] set(Object[] row, int index, Object value) {
    row[index] = value;
    return row;
  }

  /** Sets a column, which may be one past the row's end (a column the step appends). */
  private static Object[] put(Object[] row, int index, Object value) {
    Object[] out = index < row.length ? row : Arrays.copyOf(row, index + 1);
    out[index] = value;
    return out;
  }

  private static Object[] update(Object[] row, int index, Function<Object, Object> change) {
    if (row[index] != null) {
      row[index] = change.apply(row[index]);
    }
    return row;
  }

  private static String truncate(String value, int maxLength) {
    if (value.codePointCount(0, value.length()) <= maxLength) {
      return value;
    }
    return value.substring(0, value.offsetByCodePoints(0, maxLength));
  }

  /** The JSON text at the pointer, or null when absent or JSON null. */
  private static String extract(String json, String pointer) {
    JsonNode node = JSON.readTree(json).at(pointer);
    return node.isMissingNode() || node.isNull() ? null : node.toString();
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }
}
