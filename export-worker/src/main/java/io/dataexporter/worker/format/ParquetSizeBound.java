package io.dataexporter.worker.format;

import io.dataexporter.job.Compression;
import io.dataexporter.worker.source.SourceColumns;
import java.util.Arrays;

/**
 * An upper bound of what a Parquet file's buffered row group and footer will take once written,
 * from the plain sizes of the values written since the last row group (the writer checks its pages
 * after every row, so an open page stays below the page size). Two bounds are computed and the
 * smaller is used: one from the plain sizes alone (tight for small files), one from the writer's
 * own buffered size (tight for large row groups, where pages are already compressed).
 */
final class ParquetSizeBound {
  /** Statistics and page index values are truncated to this many bytes. */
  static final int TRUNCATE = 64;

  /** Page header (with its checksum) and a compressor's fixed overhead. */
  private static final int PER_PAGE = 128;

  /** A page's entries in the column and offset indexes (min, max, counts, histograms). */
  private static final int PER_PAGE_INDEX = 2 * (TRUNCATE + 16) + 96;

  /** A column chunk's metadata beside its path and statistics. */
  private static final int PER_CHUNK = 512;

  /** Rows after which a page is closed whatever its size (parquet-java's default). */
  private static final int PAGE_ROWS = 20_000;

  private final SourceColumns columns;
  private final double expansion;
  private final long pageSize;
  private final long fixed;
  private final long perChunk;
  private final long[] raw;
  private final long[] largest;
  private long rows;
  private long flushedMetadata;

  /** Where the buffered row group starts in the file. */
  long groupStart;

  /** Where the writer counts its data size from: the end of its last row group, else 0. */
  long dataBase;

  ParquetSizeBound(SourceColumns columns, ParquetOptions options, int schemaLength) {
    this.columns = columns;
    this.expansion = expansion(options.codec());
    this.pageSize = options.settings().pageSize().toBytes();
    int names = columns.names().stream().mapToInt(String::length).sum();
    int metadata = options.metadataJson() == null ? 0 : options.metadataJson().length() * 3;
    this.fixed = 4 + 8 + 1024 + 2L * schemaLength + 32L * columns.size() + metadata;
    this.perChunk = (long) columns.size() * (PER_CHUNK + 2 * (TRUNCATE + 16)) + 2L * names;
    this.raw = new long[columns.size()];
    this.largest = new long[columns.size()];
  }

  /** What a compressed page may take, per byte of input, at most. */
  static double expansion(Compression.Codec codec) {
    return switch (codec) {
      case NONE -> 1.0;
      // snappy's worst case is 32 + n + n / 6
      case SNAPPY -> 1.0 + 1.0 / 6;
      // stored blocks: a few bytes per 16-128 KiB
      case GZIP, ZSTD -> 1.001;
    };
  }

  void add(Object[] row) {
    rows++;
    for (int i = 0; i < row.length; i++) {
      long size = ParquetRecordWriter.plainSize(columns.kind(i), row[i]);
      raw[i] += size;
      largest[i] = Math.max(largest[i], size);
    }
  }

  /** The buffered row group went to the file; its metadata stays until the footer. */
  void rowGroupWritten(long position) {
    flushedMetadata += metadata(rows, raw);
    rows = 0;
    Arrays.fill(raw, 0);
    Arrays.fill(largest, 0);
    groupStart = position;
    dataBase = position;
  }

  /**
   * @param buffered the writer's buffered bytes of the open row group
   * @param next a row about to be written, or null
   */
  long pending(long buffered, Object[] next) {
    long r = rows;
    long[] rawNow = raw;
    long[] largestNow = largest;
    long nextRaw = 0;
    long nextSlack = 0;
    if (next != null) {
      r++;
      rawNow = raw.clone();
      largestNow = largest.clone();
      for (int i = 0; i < next.length; i++) {
        long size = ParquetRecordWriter.plainSize(columns.kind(i), next[i]);
        rawNow[i] += size;
        largestNow[i] = Math.max(largestNow[i], size);
        nextRaw += size;
        // a page closed by this row may come out larger than it was buffered
        nextSlack += (long) ((pageSize + size) * (expansion - 1) * expansion) + PER_PAGE;
      }
    }
    long levels = r * columns.size() / 8 + 16L * columns.size();
    long fromPlain = levels;
    long dictionaries = 0;
    for (int i = 0; i < rawNow.length; i++) {
      fromPlain += (long) Math.ceil(rawNow[i] * expansion) + pages(r, rawNow[i]) * PER_PAGE;
      dictionaries += Math.min(rawNow[i], pageSize + largestNow[i]);
    }
    fromPlain += dictionaries;
    long fromBuffered =
        (long) Math.ceil((buffered + nextRaw + levels) * expansion)
            + nextSlack
            + (long) Math.ceil(dictionaries * expansion)
            + 2L * PER_PAGE * columns.size();
    return fixed
        + flushedMetadata
        + metadata(r, rawNow)
        + (r == 0 ? 0 : Math.min(fromPlain, fromBuffered));
  }

  private long pages(long r, long rawBytes) {
    return 2 + r / PAGE_ROWS + (long) (rawBytes / (0.9 * pageSize));
  }

  private long metadata(long r, long[] rawBytes) {
    if (r == 0) {
      return 0;
    }
    long pages = 0;
    for (long b : rawBytes) {
      pages += pages(r, b);
    }
    return 256 + perChunk + pages * PER_PAGE_INDEX;
  }
}
