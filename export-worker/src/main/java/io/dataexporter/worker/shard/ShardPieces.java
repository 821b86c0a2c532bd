package io.dataexporter.worker.shard;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.error.PermanentException;
import io.dataexporter.job.Compression;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPiece;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.transform.Transformation;
import io.dataexporter.worker.compress.Codecs;
import io.dataexporter.worker.encrypt.OpenPgpEncryptor;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.format.FileMetadata;
import io.dataexporter.worker.format.RecordWriter;
import io.dataexporter.worker.storage.StreamingUpload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;

/**
 * The data output of one shard attempt of a multi-file export ({@link ExportRequest#multiFile()}):
 * a series of pieces, one open at a time. A row of another time partition than the open piece's
 * closes it and opens the next (rows come in time order); a record that would take the piece past
 * its {@link #cap} closes it too. Text pieces hold records only (the file's header and footer come
 * at assembly), each record encoded into a buffer first so that its size is known before it is
 * placed; compressed, the check is the bytes stored plus a bound of the open frame, and when that
 * bound is too large the frame is ended to learn the exact size. A whole-file writer's pieces
 * (Parquet) are complete files, checked by the writer's own {@link RecordWriter#sizeBound()}.
 */
final class ShardPieces {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** Makes the record writer of one piece, writing to {@code out}. */
  interface Writers {
    RecordWriter open(OutputStream out) throws IOException;
  }

  private final PartOutputs parts;
  private final ExportJob job;
  private final Shard shard;
  private final Compression compression;
  private final long cap;
  private final long limit;
  private final boolean wholeFiles;
  private final Record buffer = new Record();
  private final List<ShardPiece> done = new ArrayList<>();
  private Writers writers;
  private Piece current;
  private long records;
  private long bytes;

  ShardPieces(PartOutputs parts, ExportJob job, Shard shard, Dataset dataset) {
    this.parts = parts;
    this.job = job;
    this.shard = shard;
    ExportRequest request = job.config();
    this.compression = request.streamCompression();
    this.wholeFiles = request.outputFormat() == OutputFormat.PARQUET;
    this.limit = request.maxFileSize() == null ? Long.MAX_VALUE : request.maxFileSize().bytes();
    this.cap = cap(job, dataset);
  }

  /**
   * How large a piece may grow: {@code max_file_size} less what its file adds around it (the header
   * and footer as compressed, the OpenPGP message's overhead); no limit without one.
   */
  static long cap(ExportJob job, Dataset dataset) {
    ExportRequest request = job.config();
    if (request.maxFileSize() == null) {
      return Long.MAX_VALUE;
    }
    long limit = request.maxFileSize().bytes();
    long reserve = 0;
    if (request.outputFormat() != OutputFormat.PARQUET) {
      FileLayout layout =
          FileLayout.of(
              request.outputFormat(),
              Transformation.outputFields(
                  dataset.columns(), request.transformationsOf(dataset.name())),
              request.includeMetadata() ? FileMetadata.longest(MAPPER, job, dataset.name()) : null,
              request.csvEscapeFormulas());
      Compression.Codec codec = request.streamCompression().codec();
      reserve += Codecs.frame(codec, layout.header()).length;
      reserve += Codecs.frame(codec, layout.footer()).length;
    }
    if (request.encryption() != null) {
      reserve += OpenPgpEncryptor.overheadBound(limit, request.encryption().recipients().size());
    }
    return limit - reserve;
  }

  /** The record writers, once the columns are known. */
  void writers(Writers writers) {
    this.writers = writers;
  }

  /** Where a text record goes before {@link #placeEncoded}, for callers that encode it. */
  OutputStream recordBuffer() {
    buffer.reset();
    return buffer;
  }

  /** Writes one record of the time partition {@code partition} (null without partitions). */
  void write(String partition, Object[] row) throws IOException {
    if (wholeFiles) {
      writeWhole(partition, row);
      return;
    }
    if (current == null || !Objects.equals(partition, current.partition)) {
      open(partition);
    }
    encode(row);
    place(partition, row);
  }

  /** Places the record in {@link #recordBuffer()} (bytes that do not depend on the piece). */
  void placeEncoded(String partition) throws IOException {
    if (current == null || !Objects.equals(partition, current.partition)) {
      open(partition);
    }
    place(partition, null);
  }

  /**
   * @param row the record, encoded again by a new piece's writer (a JSON array piece's first record
   *     has no separator before it); null when its bytes are the same in any piece
   */
  private void place(String partition, Object[] row) throws IOException {
    int length = buffer.size();
    if (current.output.sizeBound(length) > cap) {
      if (current.records == 0) {
        throw tooLarge(length);
      }
      current.output.endFrame();
      if (current.output.sizeBound(length) > cap) {
        open(partition);
        if (row != null) {
          encode(row);
          length = buffer.size();
        }
        if (current.output.sizeBound(length) > cap) {
          throw tooLarge(length);
        }
      }
    }
    current.output.write(buffer.bytes(), 0, length);
    current.records++;
  }

  private void encode(Object[] row) throws IOException {
    buffer.reset();
    current.writer.write(row);
    current.writer.finish();
  }

  private void writeWhole(String partition, Object[] row) throws IOException {
    long rowBound = rowBound(row);
    if (current == null
        || !Objects.equals(partition, current.partition)
        || current.records > 0 && wholeSize() + rowBound > cap) {
      open(partition);
    }
    if (current.records == 0 && wholeSize() + rowBound > cap) {
      throw tooLarge(rowBound);
    }
    current.writer.write(row);
    current.records++;
  }

  private long wholeSize() {
    long bound = current.writer.sizeBound();
    return bound >= 0 ? bound : current.output.sizeBound(0);
  }

  /**
   * An upper bound of what a row adds to a whole file before encoding and compression: its values'
   * plain forms, with their lengths and definition levels, twice (a new dictionary entry and its
   * index).
   */
  static long rowBound(Object[] row) {
    long bound = 16;
    for (Object value : row) {
      bound += 2;
      if (value instanceof String text) {
        bound += 4 + (long) text.length() * 3;
      } else if (value != null) {
        bound += 16;
      }
    }
    return bound * 2;
  }

  private PermanentException tooLarge(long recordBytes) {
    return new PermanentException(
        String.format(
            "a %s record of %d bytes does not fit max_file_size %d",
            shard.dataType(), recordBytes, limit));
  }

  private void open(String partition) throws IOException {
    close();
    int index = done.size();
    PartOutput output =
        parts.open(
            ObjectKeys.piece(
                job.id(), shard.dataType(), shard.epoch(), shard.seq(), shard.attempts(), index),
            compression);
    RecordWriter writer = writers.open(wholeFiles ? output.stream() : buffer);
    current = new Piece(partition, index, output, writer);
  }

  private void close() throws IOException {
    if (current == null) {
      return;
    }
    Piece piece = current;
    current = null;
    if (wholeFiles) {
      piece.writer.finish();
    }
    StreamingUpload.Stored stored = piece.output.finish();
    done.add(
        new ShardPiece(
            piece.partition,
            piece.index,
            piece.output.key(),
            piece.records,
            stored.bytes(),
            stored.sha256()));
    records += piece.records;
    bytes += stored.bytes();
  }

  /**
   * Closes the open piece. A whole-file shard with no rows still writes one empty piece (a valid
   * file with the columns and no rows), which assembly uses when its type has no rows at all.
   */
  List<ShardPiece> finish() throws IOException {
    if (wholeFiles && done.isEmpty() && current == null && writers != null) {
      open(null);
    }
    close();
    return List.copyOf(done);
  }

  long bytes() {
    return bytes;
  }

  long records() {
    return records;
  }

  /** The clocks of the open piece (the last one's when finishing). */
  long[] clocks() {
    return current == null ? new long[] {0, 0} : current.output.clocks();
  }

  void abort(Exception reason) {
    if (current != null) {
      current.output.abort(reason);
    }
  }

  private static final class Piece {
    final String partition;
    final int index;
    final PartOutput output;
    final RecordWriter writer;
    long records;

    Piece(String partition, int index, PartOutput output, RecordWriter writer) {
      this.partition = partition;
      this.index = index;
      this.output = output;
      this.writer = writer;
    }
  }

  /** The encoded record, its array open to the piece's write. */
  private static final class Record extends ByteArrayOutputStream {
    Record() {
      super(8 * 1024);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
