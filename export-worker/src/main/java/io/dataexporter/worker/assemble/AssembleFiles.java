package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.job.Compression;
import io.dataexporter.job.Encryption;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.OutputFormat;
import io.dataexporter.job.PartitionBy;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardPiece;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.transform.Transformation;
import io.dataexporter.worker.compress.Codecs;
import io.dataexporter.worker.encrypt.OpenPgpEncryptor;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.storage.StreamingUpload;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an export's completed parts into its files: per data type, the layout's header, the parts
 * in time order joined by the layout's separator, the footer; the rejected records of all shards
 * into {@code rejected/{type}.jsonl}; the data card {@code README.md} and {@code schema.json}
 * ({@link WriteDataCard}); then {@code manifest.json}, last. A data file whose parts are all at
 * least 5 MiB (but the last) and which has nothing between parts (CSV, JSON Lines) is joined by the
 * store itself (S3 multipart copy) and then read once for its SHA-256; other files are
 * stream-copied through this worker. Either way memory stays one upload part. Compressed files are
 * a sequence of gzip members or zstd frames ({@link Codecs#frame}), which {@code gzip -d} or {@code
 * zstd -d} reads as one stream.
 *
 * <p>An encrypted export's files are each one OpenPGP message (messages cannot be concatenated):
 * they are always stream-copied, through the encryptor, into their upload.
 */
public final class AssembleFiles {
  private static final Logger log = LoggerFactory.getLogger(AssembleFiles.class);
  private final ObjectStore store;
  private final DatasetRegistry datasets;
  private final ExecutorService uploads;
  private final JsonMapper mapper;
  private final Clock clock;
  private final ManifestWriter manifests;
  private final WriteDataCard cards;
  private final Counter joinedInStore;
  private final Counter copied;

  public AssembleFiles(
      ObjectStore store,
      DatasetRegistry datasets,
      ExecutorService uploads,
      JsonMapper mapper,
      Clock clock,
      ManifestWriter manifests,
      WriteDataCard cards,
      MeterRegistry meterRegistry) {
    this.store = store;
    this.datasets = datasets;
    this.uploads = uploads;
    this.mapper = mapper;
    this.clock = clock;
    this.manifests = manifests;
    this.cards = cards;
    this.joinedInStore = assembled(meterRegistry, "store");
    this.copied = assembled(meterRegistry, "copy");
  }

  private static Counter assembled(MeterRegistry registry, String method) {
    return Counter.builder("exporter.files.assembled")
        .description(
            "Data files assembled: joined by the store (multipart copy) or copied through a worker")
        .tag("method", method)
        .register(registry);
  }

  /** The assembled files (data, rejected, card and schema) and the manifest's key. */
  public record Assembled(List<ExportFile> files, String manifestKey, Instant finishedAt) {}

  /**
   * Writes the export's files and manifest. The bytes depend only on the job, its shards and its
   * moment, never on when or how often this runs: a second finalizer writes the same files.
   */
  public Assembled assemble(ExportJob job, List<Shard> shards, PointInTime moment)
      throws IOException {
    return assemble(job, shards, moment, null);
  }

  /**
   * As {@link #assemble(ExportJob, List, PointInTime)}, encrypting every data and rejected file
   * with {@code encryptor} (null: none); the manifest stays plain.
   */
  public Assembled assemble(
      ExportJob job, List<Shard> shards, PointInTime moment, OpenPgpEncryptor encryptor)
      throws IOException {
    for (Shard shard : shards) {
      if (shard.status() != ShardStatus.COMPLETED) {
        throw new IllegalStateException(
            "shard " + shard.id() + " of export " + job.id() + " is " + shard.status().wire());
      }
    }
    // when the last shard completed: the same for every finalizer of this export
    Instant finishedAt =
        shards.stream()
            .map(Shard::completedAt)
            .filter(java.util.Objects::nonNull)
            .max(Instant::compareTo)
            .orElseGet(clock::instant);
    List<ExportFile> files = new ArrayList<>();
    if (job.config().multiFile()) {
      files.addAll(writeFileSets(job, shards, finishedAt, encryptor));
    }
    for (String type : job.config().dataTypes()) {
      List<Shard> parts = shards.stream().filter(s -> s.dataType().equals(type)).toList();
      if (!job.config().multiFile()) {
        files.add(writeDataFile(job, type, parts, finishedAt, encryptor));
      }
      long rejected =
          parts.stream()
              .mapToLong(s -> s.validation() == null ? 0 : s.validation().rejected())
              .sum();
      if (rejected > 0) {
        files.add(writeRejectedFile(job, type, parts, rejected, encryptor));
      }
    }
    files.addAll(cards.write(job, files, shards, moment, finishedAt));
    String manifestKey = ObjectKeys.manifest(job.id());
    byte[] manifest = manifests.manifest(job, files, shards, finishedAt, moment);
    store.put(manifestKey, new ByteArrayInputStream(manifest), "application/json");
    return new Assembled(files, manifestKey, finishedAt);
  }

  /** The fields a data type's records have after its transformations. */
  public static List<String> outputFields(Dataset dataset, ExportRequest request) {
    return Transformation.outputFields(
        dataset.columns(), request.transformationsOf(dataset.name()));
  }

  /** One stored object to copy into a file, and its size. */
  private record Source(String key, long bytes) {}

  private ExportFile writeDataFile(
      ExportJob job, String type, List<Shard> parts, Instant finishedAt, OpenPgpEncryptor encryptor)
      throws IOException {
    ExportRequest request = job.config();
    long records = parts.stream().mapToLong(s -> s.records() == null ? 0 : s.records()).sum();
    List<Source> sources =
        parts.stream()
            .filter(s -> s.records() != null && s.records() > 0)
            .map(s -> new Source(s.partKey(), s.bytes() == null ? 0 : s.bytes()))
            .toList();
    String name = request.fileName(type);
    StreamingUpload.Stored stored =
        writeTextFile(job, type, name, sources, records, finishedAt, encryptor);
    return new ExportFile(
        type,
        name,
        stored.key(),
        stored.bytes(),
        records,
        stored.sha256(),
        ExportFile.DATA,
        stored.plaintextSha256());
  }

  private FileLayout layout(ExportJob job, String type, long records, Instant finishedAt) {
    ExportRequest request = job.config();
    String metadata =
        request.includeMetadata()
            ? mapper.writeValueAsString(manifests.fileMetadata(job, type, records, finishedAt))
            : null;
    return FileLayout.of(
        request.outputFormat(),
        outputFields(datasets.get(type), request),
        metadata,
        request.csvEscapeFormulas());
  }

  private String contentType(ExportRequest request, OpenPgpEncryptor encryptor) {
    if (encryptor != null) {
      return Encryption.CONTENT_TYPE;
    }
    Compression.Codec codec = request.streamCompression().codec();
    return codec.contentType() != null ? codec.contentType() : request.outputFormat().contentType();
  }

  /** A text file of the layout around {@code sources}, joined in the store where it can be. */
  private StreamingUpload.Stored writeTextFile(
      ExportJob job,
      String type,
      String name,
      List<Source> sources,
      long records,
      Instant finishedAt,
      OpenPgpEncryptor encryptor)
      throws IOException {
    ExportRequest request = job.config();
    FileLayout layout = layout(job, type, records, finishedAt);
    Compression.Codec codec = request.streamCompression().codec();
    String contentType = contentType(request, encryptor);
    List<String> keys = sources.stream().map(Source::key).toList();
    String key = ObjectKeys.file(job.id(), name);
    StreamingUpload.Stored stored = null;
    if (encryptor == null && composable(sources, layout)) {
      try {
        stored =
            compose(
                key,
                ObjectKeys.joinPiece(job.id(), name, "head"),
                ObjectKeys.joinPiece(job.id(), name, "tail"),
                contentType,
                keys,
                layout,
                codec);
      } catch (IOException | RuntimeException e) {
        log.warn(
            "joining {} in the store failed, copying its parts instead: {}", key, e.toString());
      }
    }
    if (stored == null) {
      stored = concatenate(key, contentType, keys, layout, codec, encryptor);
      copied.increment();
    } else {
      joinedInStore.increment();
    }
    return stored;
  }

  /**
   * The files of a multi-file export: per split (sorted; none is one group) and data type, the
   * pieces of its shards in {@code seq} then piece order, grouped by time partition (folders in
   * time order, {@code __null__} last) into {@code [{split}/]{type}/[{partition}/]part-NNNNN.ext}.
   * Text pieces are packed greedily into files while the file (header, pieces, separators, footer,
   * as stored) stays within {@code max_file_size}; each Parquet piece is a file. A split and type
   * without rows gets one empty file.
   */
  private List<ExportFile> writeFileSets(
      ExportJob job, List<Shard> shards, Instant finishedAt, OpenPgpEncryptor encryptor)
      throws IOException {
    List<String> splits =
        shards.stream()
            .map(Shard::split)
            .filter(java.util.Objects::nonNull)
            .distinct()
            .sorted()
            .toList();
    List<String> groups = new ArrayList<>(splits);
    if (groups.isEmpty()) {
      groups.add(null);
    }
    List<ExportFile> files = new ArrayList<>();
    for (String split : groups) {
      for (String type : job.config().dataTypes()) {
        List<ShardPiece> pieces =
            shards.stream()
                .filter(s -> s.dataType().equals(type))
                .filter(s -> java.util.Objects.equals(split, s.split()))
                .sorted(Comparator.comparingInt(Shard::seq))
                .flatMap(
                    s ->
                        s.pieces() == null
                            ? java.util.stream.Stream.<ShardPiece>empty()
                            : s.pieces().stream()
                                .sorted(Comparator.comparingInt(ShardPiece::index)))
                .toList();
        files.addAll(writeFileSet(job, split, type, pieces, finishedAt, encryptor));
      }
    }
    return files;
  }

  private List<ExportFile> writeFileSet(
      ExportJob job,
      String split,
      String type,
      List<ShardPiece> pieces,
      Instant finishedAt,
      OpenPgpEncryptor encryptor)
      throws IOException {
    boolean parquet = job.config().outputFormat() == OutputFormat.PARQUET;
    String folder = (split == null ? "" : split + "/") + type + "/";
    Map<String, List<ShardPiece>> byPartition = new LinkedHashMap<>();
    for (ShardPiece piece : pieces) {
      if (piece.records() > 0) {
        byPartition
            .computeIfAbsent(
                piece.partition() == null ? "" : piece.partition(), p -> new ArrayList<>())
            .add(piece);
      }
    }
    List<ExportFile> files = new ArrayList<>();
    if (byPartition.isEmpty()) {
      String name = fileName(job.config(), folder, 0);
      if (parquet) {
        ShardPiece empty =
            pieces.stream()
                .findFirst()
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "no empty Parquet piece for " + folder + " of export " + job.id()));
        files.add(copyPiece(job, type, split, null, name, empty, encryptor));
      } else {
        StreamingUpload.Stored stored =
            writeTextFile(job, type, name, List.of(), 0, finishedAt, encryptor);
        files.add(dataFile(type, name, stored, 0, split, null));
      }
      return files;
    }
    List<String> partitions = new ArrayList<>(byPartition.keySet());
    // rows come in time order with NULL times last; keep the null folder last whatever the shards
    partitions.sort(Comparator.comparing(p -> p.contains(PartitionBy.NULL)));
    for (String partition : partitions) {
      String partitionFolder = partition.isEmpty() ? folder : folder + partition + "/";
      String partitionName = partition.isEmpty() ? null : partition;
      List<ShardPiece> folderPieces = byPartition.get(partition);
      int n = 0;
      if (parquet) {
        for (ShardPiece piece : folderPieces) {
          String name = fileName(job.config(), partitionFolder, n++);
          files.add(copyPiece(job, type, split, partitionName, name, piece, encryptor));
        }
        continue;
      }
      for (List<ShardPiece> packed : pack(job, type, folderPieces, finishedAt)) {
        String name = fileName(job.config(), partitionFolder, n++);
        long records = packed.stream().mapToLong(ShardPiece::records).sum();
        StreamingUpload.Stored stored =
            writeTextFile(
                job,
                type,
                name,
                packed.stream().map(p -> new Source(p.key(), p.bytes())).toList(),
                records,
                finishedAt,
                encryptor);
        files.add(dataFile(type, name, stored, records, split, partitionName));
      }
    }
    return files;
  }

  private static String fileName(ExportRequest request, String folder, int n) {
    return folder
        + String.format(Locale.ROOT, "part-%05d.", n)
        + request.outputFormat().extension()
        + request.suffix();
  }

  private static ExportFile dataFile(
      String type,
      String name,
      StreamingUpload.Stored stored,
      long records,
      String split,
      String partition) {
    return new ExportFile(
        type,
        name,
        stored.key(),
        stored.bytes(),
        records,
        stored.sha256(),
        ExportFile.DATA,
        stored.plaintextSha256(),
        split,
        partition);
  }

  /**
   * Consecutive pieces packed greedily into files: a piece joins the file while the file as stored
   * (compressed header with this record count, pieces, compressed separators and footer, the
   * OpenPGP overhead) stays within {@code max_file_size}; without a limit, all in one file. A piece
   * alone always fits (the shard left room for its file's framing).
   */
  private List<List<ShardPiece>> pack(
      ExportJob job, String type, List<ShardPiece> pieces, Instant finishedAt) {
    ExportRequest request = job.config();
    if (request.maxFileSize() == null) {
      return List.of(pieces);
    }
    long limit = request.maxFileSize().bytes();
    Compression.Codec codec = request.streamCompression().codec();
    List<List<ShardPiece>> files = new ArrayList<>();
    List<ShardPiece> file = new ArrayList<>();
    long records = 0;
    long bytes = 0;
    for (ShardPiece piece : pieces) {
      if (!file.isEmpty()) {
        FileLayout layout = layout(job, type, records + piece.records(), finishedAt);
        long size =
            Codecs.frame(codec, layout.header()).length
                + bytes
                + piece.bytes()
                + (long) file.size() * Codecs.frame(codec, layout.separator()).length
                + Codecs.frame(codec, layout.footer()).length;
        if (request.encryption() != null) {
          size += OpenPgpEncryptor.overheadBound(size, request.encryption().recipients().size());
        }
        if (size > limit) {
          files.add(file);
          file = new ArrayList<>();
          records = 0;
          bytes = 0;
        }
      }
      file.add(piece);
      records += piece.records();
      bytes += piece.bytes();
    }
    files.add(file);
    return files;
  }

  /**
   * A whole-file piece (Parquet) as an export file: copied in the store, or streamed through the
   * encryptor when the export is encrypted (or the store cannot copy it).
   */
  private ExportFile copyPiece(
      ExportJob job,
      String type,
      String split,
      String partition,
      String name,
      ShardPiece piece,
      OpenPgpEncryptor encryptor)
      throws IOException {
    String key = ObjectKeys.file(job.id(), name);
    String contentType = contentType(job.config(), encryptor);
    StreamingUpload.Stored stored = null;
    if (encryptor == null) {
      try {
        store.compose(key, List.of(piece.key()), contentType);
        stored = new StreamingUpload.Stored(key, piece.bytes(), piece.sha256());
        joinedInStore.increment();
      } catch (RuntimeException e) {
        log.warn("copying {} in the store failed, streaming it instead: {}", key, e.toString());
      }
    }
    if (stored == null) {
      stored =
          concatenate(
              key,
              contentType,
              List.of(piece.key()),
              FileLayout.of(OutputFormat.JSONL, List.of(), null),
              Compression.Codec.NONE,
              encryptor);
      copied.increment();
    }
    return dataFile(type, name, stored, piece.records(), split, partition);
  }

  private ExportFile writeRejectedFile(
      ExportJob job, String type, List<Shard> parts, long rejected, OpenPgpEncryptor encryptor)
      throws IOException {
    Compression.Codec codec = job.config().streamCompression().codec();
    String name = ObjectKeys.rejectedFileName(type, job.config().suffix());
    List<String> keys =
        parts.stream()
            .filter(s -> s.validation() != null && s.validation().rejected() > 0)
            .map(s -> ObjectKeys.rejectedPart(job.id(), type, s.epoch(), s.seq(), s.attempts()))
            .toList();
    FileLayout lines = FileLayout.of(OutputFormat.JSONL, List.of(), null);
    String contentType = codec.contentType() != null ? codec.contentType() : "application/x-ndjson";
    if (encryptor != null) {
      contentType = Encryption.CONTENT_TYPE;
    }
    StreamingUpload.Stored stored =
        concatenate(ObjectKeys.file(job.id(), name), contentType, keys, lines, codec, encryptor);
    return new ExportFile(
        type,
        name,
        stored.key(),
        stored.bytes(),
        rejected,
        stored.sha256(),
        ExportFile.REJECTED,
        stored.plaintextSha256());
  }

  /**
   * Nothing between parts, and every piece but the last large enough for a multipart copy (the
   * header travels with the first part).
   */
  private static boolean composable(List<Source> parts, FileLayout layout) {
    // S3 takes at most 10,000 parts: the head stands for the first, the tail may be one more
    if (parts.size() < 2 || parts.size() > 9_999 || layout.separator().length > 0) {
      return false;
    }
    // a footer comes after the last part, which then must be as large as the others
    int mustBeLarge = layout.footer().length > 0 ? parts.size() : parts.size() - 1;
    for (Source part : parts.subList(0, mustBeLarge)) {
      if (part.bytes() < ObjectStore.MIN_COMPOSE_PART) {
        return false;
      }
    }
    return true;
  }

  /**
   * Joins the parts in the store: the header and the first part are copied into {@code head} (so
   * that every piece but the last is large enough), the footer goes to {@code tail}, the store
   * composes head, the other parts and tail into {@code key}, and the result is read back once for
   * its size and SHA-256.
   */
  private StreamingUpload.Stored compose(
      String key,
      String head,
      String tail,
      String contentType,
      List<String> partKeys,
      FileLayout layout,
      Compression.Codec codec)
      throws IOException {
    StreamingUpload first = new StreamingUpload(store, head, contentType, uploads);
    try {
      framing(first, layout.header(), codec, true);
      try (InputStream in = store.get(partKeys.get(0))) {
        in.transferTo(first);
      }
      first.finish();
    } catch (IOException | RuntimeException e) {
      first.abort(e);
      throw e;
    }
    List<String> sources = new ArrayList<>();
    sources.add(head);
    sources.addAll(partKeys.subList(1, partKeys.size()));
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    framing(footer, layout.footer(), codec, false);
    if (footer.size() > 0) {
      store.put(tail, new ByteArrayInputStream(footer.toByteArray()), contentType);
      sources.add(tail);
    }
    store.compose(key, sources, contentType);
    MessageDigest sha256 = StreamingUpload.newDigest();
    long bytes = 0;
    byte[] buffer = new byte[256 * 1024];
    try (InputStream in = store.get(key)) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        sha256.update(buffer, 0, n);
        bytes += n;
      }
    }
    return new StreamingUpload.Stored(key, bytes, HexFormat.of().formatHex(sha256.digest()));
  }

  private StreamingUpload.Stored concatenate(
      String key,
      String contentType,
      List<String> partKeys,
      FileLayout layout,
      Compression.Codec codec,
      OpenPgpEncryptor encryptor)
      throws IOException {
    // inside an OpenPGP message the file keeps its name without .pgp
    String plainName = key.substring(key.lastIndexOf('/') + 1).replaceFirst("\\.pgp$", "");
    StreamingUpload stream = new StreamingUpload(store, key, contentType, uploads);
    FileSink upload;
    try {
      upload = FileSink.into(stream, encryptor, plainName);
    } catch (IOException | RuntimeException e) {
      stream.abort(e);
      throw e;
    }
    try {
      framing(upload, layout.header(), codec, true);
      boolean first = true;
      for (String partKey : partKeys) {
        if (!first) {
          framing(upload, layout.separator(), codec, false);
        }
        first = false;
        try (InputStream in = store.get(partKey)) {
          in.transferTo(upload);
        }
      }
      framing(upload, layout.footer(), codec, false);
      return upload.finish();
    } catch (IOException | RuntimeException e) {
      upload.abort(e);
      throw e;
    }
  }

  /**
   * Writes layout bytes; compressed, each piece is its own gzip member or zstd frame. The header's
   * is written even when empty, so a compressed file with no records is still valid gzip or zstd.
   */
  private static void framing(
      OutputStream out, byte[] bytes, Compression.Codec codec, boolean always) throws IOException {
    if (bytes.length == 0 && !(codec != Compression.Codec.NONE && always)) {
      return;
    }
    out.write(Codecs.frame(codec, bytes));
  }
}
