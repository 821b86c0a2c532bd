package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.transform.Transformation;
import io.dataexporter.worker.source.SourceColumns;
import io.dataexporter.worker.transform.TransformPipeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The output fields of a data type after its transformations, with their kinds (as the shards' own
 * pipeline computes them) and descriptions: a source column keeps the dataset's description, a
 * field a transformation made or changed says so ("masked source_ip", "concat of host, process").
 */
public final class OutputSchema {
  private OutputSchema() {}

  public static List<CardField> of(
      Dataset dataset, SourceColumns source, List<Transformation> steps) {
    SourceColumns output = TransformPipeline.compile(source, steps, new byte[32]).output();
    Map<String, String> descriptions = new HashMap<>(dataset.descriptions());
    for (Transformation step : steps) {
      describe(step, descriptions);
    }
    List<CardField> fields = new ArrayList<>();
    for (int i = 0; i < output.size(); i++) {
      String name = output.names().get(i);
      fields.add(new CardField(name, output.kind(i), descriptions.get(name)));
    }
    return fields;
  }

  private static void describe(Transformation step, Map<String, String> d) {
    if (step instanceof Transformation.Rename r) {
      d.put(r.to(), join(d.get(r.from()), "renamed from " + r.from()));
    } else if (step instanceof Transformation.MaskIp m) {
      d.put(m.field(), join("masked " + m.field(), d.get(m.field())));
    } else if (step instanceof Transformation.Hash h) {
      d.put(h.field(), join("keyed hash of " + h.field(), d.get(h.field())));
    } else if (step instanceof Transformation.Truncate t) {
      d.put(
          t.field(),
          join(t.field() + " truncated to " + t.maxLength() + " chars", d.get(t.field())));
    } else if (step instanceof Transformation.Extract e) {
      d.put(e.as(), "extract of " + e.field() + " at " + e.path());
    } else if (step instanceof Transformation.TimestampFormat f) {
      f.fields().forEach(field -> d.put(field, join(d.get(field), "as " + f.format())));
    } else if (step instanceof Transformation.Concat c) {
      d.put(c.to(), "concat of " + String.join(", ", c.fields()));
    } else if (step instanceof Transformation.Coalesce c) {
      d.put(c.to(), "first non-null of " + String.join(", ", c.fields()));
    } else if (step instanceof Transformation.ChangeCase c) {
      d.put(c.field(), join(d.get(c.field()), "in " + c.to() + " case"));
    } else if (step instanceof Transformation.RegexReplace r) {
      d.put(r.field(), join(d.get(r.field()), "with /" + r.pattern() + "/ replaced"));
    } else if (step instanceof Transformation.Cast c) {
      d.put(c.field(), join(d.get(c.field()), "cast to " + c.to()));
    }
  }

  private static String join(String first, String second) {
    if (first == null || first.isBlank()) {
      return second;
    }
    return second == null ? first : first + "; " + second;
  }
}
