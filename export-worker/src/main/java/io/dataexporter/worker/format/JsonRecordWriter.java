package io.dataexporter.worker.format;

import io.dataexporter.worker.source.SourceColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON object per record. For JSON Lines each ends with a newline; for a JSON array part,
 * records are separated by {@code ",\n"} and the layout adds the brackets.
 */
public final class JsonRecordWriter implements RecordWriter {
  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .rootValueSeparator("")
                  .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                  .build())
          .build();

  private final JsonGenerator generator;
  private final SourceColumns columns;
  private final boolean lines;
  private boolean first = true;

  public JsonRecordWriter(OutputStream out, SourceColumns columns, boolean lines) {
    this.generator = MAPPER.createGenerator(out, JsonEncoding.UTF8);
    this.columns = columns;
    this.lines = lines;
  }

  @Override
  public void write(Object[] row) throws IOException {
    if (!lines && !first) {
      generator.writeRaw(",\n");
    }
    first = false;
    writeObject(row);
    if (lines) {
      generator.writeRaw('\n');
    }
  }

  /** A rejected record as a JSON line: {@code {"record": {...}, "rules": [...]}}. */
  public void writeRejected(Object[] row, List<String> brokenRules) {
    generator.writeStartObject();
    generator.writeName("record");
    writeObject(row);
    generator.writeName("rules");
    generator.writeStartArray();
    for (String rule : brokenRules) {
      generator.writeString(rule);
    }
    generator.writeEndArray();
    generator.writeEndObject();
    generator.writeRaw('\n');
  }

  private void writeObject(Object[] row) {
    generator.writeStartObject();
    for (int i = 0; i < row.length; i++) {
      generator.writeName(columns.names().get(i));
      Object value = row[i];
      if (value == null) {
        generator.writeNull();
        continue;
      }
      switch (columns.kind(i)) {
        case JSON, JSON_VALUE -> generator.writeRawValue((String) value);
        case INTEGER -> generator.writeNumber((Long) value);
        case DOUBLE -> writeDouble((Double) value);
        case DECIMAL -> generator.writeNumber((BigDecimal) value);
        case BOOLEAN -> generator.writeBoolean((Boolean) value);
        default -> generator.writeString((String) value);
      }
    }
    generator.writeEndObject();
  }

  /** NaN and infinities have no JSON number form; they are written as strings. */
  private void writeDouble(double value) {
    if (Double.isFinite(value)) {
      generator.writeNumber(value);
    } else {
      generator.writeString(Double.toString(value));
    }
  }

  @Override
  public void finish() {
    generator.flush();
  }
}
