package io.dataexporter.worker.format;

import io.dataexporter.worker.source.ColumnKind;
import io.dataexporter.worker.source.SourceColumns;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * One whole Parquet file per writer (a shard's part or piece): the records go into row groups,
 * {@link #finish()} writes the footer. Every column is OPTIONAL and typed by its kind: integers
 * INT64; doubles and decimals DOUBLE (decimals lose digits beyond a double's); times INT64
 * TIMESTAMP(MICROS), UTC-adjusted for {@code timestamptz} and not for {@code timestamp}; booleans
 * BOOLEAN; JSON BINARY with the JSON logical type; everything else BINARY STRING. Times beyond
 * INT64 microseconds (PostgreSQL's {@code infinity}) are INT64's largest and smallest values, as
 * DuckDB writes its infinities.
 *
 * <p>Through parquet-java's {@link OutputFile} API and {@link ParquetCodecs}: no Hadoop class is
 * loaded (docs/architecture.md#parquet-files).
 */
public final class ParquetRecordWriter implements RecordWriter {
  private final ParquetWriter<Object[]> writer;
  private final CountingFile file;
  private final ParquetSizeBound bound;

  public ParquetRecordWriter(OutputStream out, SourceColumns columns, ParquetOptions options)
      throws IOException {
    MessageType schema = schema(columns);
    Map<String, String> metadata = new HashMap<>();
    if (options.metadataJson() != null) {
      metadata.put(ParquetOptions.METADATA_KEY, options.metadataJson());
    }
    ParquetCodecs codecs = new ParquetCodecs(options.codec(), options.level());
    ParquetSettings settings = options.settings();
    this.file = new CountingFile(out);
    this.bound = new ParquetSizeBound(columns, options, schema.toString().length());
    this.writer =
        new Builder(file, new RowWriteSupport(schema, columns, metadata))
            .withConf(new PlainParquetConfiguration())
            .withCodecFactory(codecs)
            .withCompressionCodec(codecs.codecName())
            .withRowGroupSize(settings.rowGroupSize().toBytes())
            .withPageSize((int) settings.pageSize().toBytes())
            .withDictionaryPageSize((int) settings.pageSize().toBytes())
            .withDictionaryEncoding(true)
            // pages are checked after every row, so an open page stays below the page size:
            // what sizeBound() relies on
            .withMinRowCountForPageSizeCheck(1)
            .withMaxRowCountForPageSizeCheck(1)
            .withStatisticsTruncateLength(ParquetSizeBound.TRUNCATE)
            .withColumnIndexTruncateLength(ParquetSizeBound.TRUNCATE)
            .withMaxPaddingSize(0)
            .build();
    bound.groupStart = file.position;
  }

  static MessageType schema(SourceColumns columns) {
    Types.MessageTypeBuilder message = Types.buildMessage();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.names().get(i);
      switch (columns.kind(i)) {
        case INTEGER -> message.optional(PrimitiveTypeName.INT64).named(name);
        case DOUBLE, DECIMAL -> message.optional(PrimitiveTypeName.DOUBLE).named(name);
        case TIMESTAMP ->
            message
                .optional(PrimitiveTypeName.INT64)
                .as(
                    LogicalTypeAnnotation.timestampType(
                        true, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(name);
        case LOCAL_TIMESTAMP ->
            message
                .optional(PrimitiveTypeName.INT64)
                .as(
                    LogicalTypeAnnotation.timestampType(
                        false, LogicalTypeAnnotation.TimeUnit.MICROS))
                .named(name);
        case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(name);
        case JSON, JSON_VALUE ->
            message
                .optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.jsonType())
                .named(name);
        case STRING ->
            message
                .optional(PrimitiveTypeName.BINARY)
                .as(LogicalTypeAnnotation.stringType())
                .named(name);
      }
    }
    return message.named("record");
  }

  @Override
  public void write(Object[] row) throws IOException {
    bound.add(row);
    writer.write(row);
    if (file.position != bound.groupStart) {
      bound.rowGroupWritten(file.position);
    }
  }

  /** Closes the file: the last row group and the footer. The underlying stream stays open. */
  @Override
  public void finish() throws IOException {
    writer.close();
  }

  /** Bytes the file has passed to the stream so far. */
  public long written() {
    return file.position;
  }

  /**
   * An upper bound of the file's size if it were finished now: the bytes written, the buffered row
   * group as it could at most come out (compressed, with its page headers and dictionaries), and
   * the footer (schema, metadata, column chunks, statistics and page indexes).
   */
  @Override
  public long sizeBound() {
    return file.position + bound.pending(writer.getDataSize() - bound.dataBase, null);
  }

  /** What {@link #sizeBound()} could at most be after {@code row} were written. */
  @Override
  public long sizeBoundWith(Object[] row) {
    return file.position + bound.pending(writer.getDataSize() - bound.dataBase, row);
  }

  private static final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private final SourceColumns columns;
    private final Map<String, String> metadata;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema, SourceColumns columns, Map<String, String> metadata) {
      this.schema = schema;
      this.columns = columns;
      this.metadata = metadata;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, metadata);
    }

    /** Never called: the writer is built with a {@link PlainParquetConfiguration}. */
    @Override
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
      consumer.startMessage();
      for (int i = 0; i < row.length; i++) {
        Object value = row[i];
        if (value == null) {
          continue;
        }
        String name = columns.names().get(i);
        consumer.startField(name, i);
        switch (columns.kind(i)) {
          case INTEGER -> consumer.addLong(((Number) value).longValue());
          case DOUBLE, DECIMAL -> consumer.addDouble(((Number) value).doubleValue());
          case TIMESTAMP, LOCAL_TIMESTAMP -> consumer.addLong(micros(value.toString()));
          case BOOLEAN -> consumer.addBoolean((Boolean) value);
          case JSON, JSON_VALUE, STRING -> consumer.addBinary(Binary.fromString(value.toString()));
        }
        consumer.endField(name, i);
      }
      consumer.endMessage();
    }
  }

  /** Microseconds since the epoch of an {@code Instant} text, saturated at INT64's range. */
  static long micros(String instant) {
    Instant t = Instant.parse(instant);
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    } catch (ArithmeticException e) {
      return t.getEpochSecond() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
  }

  /** Bytes a value takes plain-encoded (what a page holds before compression). */
  static long plainSize(ColumnKind kind, Object value) {
    if (value == null) {
      return 0;
    }
    return switch (kind) {
      case INTEGER, DOUBLE, DECIMAL, TIMESTAMP, LOCAL_TIMESTAMP -> 8;
      case BOOLEAN -> 1;
      case JSON, JSON_VALUE, STRING -> 4 + utf8Length(value.toString());
    };
  }

  private static long utf8Length(String s) {
    long n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        n += c >= 0x800 && !Character.isSurrogate(c) ? 2 : 1;
      }
    }
    return n;
  }

  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final WriteSupport<Object[]> support;

    Builder(OutputFile file, WriteSupport<Object[]> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    /** Never called: the writer is built with a {@link PlainParquetConfiguration}. */
    @Override
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /** The part stream as a Parquet file: counts what passes, never closes the stream. */
  private static final class CountingFile implements OutputFile {
    private final OutputStream out;
    private long position;

    CountingFile(OutputStream out) {
      this.out = out;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          position += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.flush();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }
  }
}
