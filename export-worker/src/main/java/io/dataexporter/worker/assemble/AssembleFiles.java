package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.job.Compression;
import io.dataexporter.job.Encryption;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.PointInTime;
import io.dataexporter.job.Shard;
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
import java.util.HexFormat;
import java.util.List;
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
    for (String type : job.config().dataTypes()) {
      List<Shard> parts = shards.stream().filter(s -> s.dataType().equals(type)).toList();
      files.add(writeDataFile(job, type, parts, finishedAt, encryptor));
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

  private ExportFile writeDataFile(
      ExportJob job, String type, List<Shard> parts, Instant finishedAt, OpenPgpEncryptor encryptor)
      throws IOException {
    ExportRequest request = job.config();
    long records = parts.stream().mapToLong(s -> s.records() == null ? 0 : s.records()).sum();
    String metadata =
        request.includeMetadata()
            ? mapper.writeValueAsString(manifests.fileMetadata(job, type, records, finishedAt))
            : null;
    FileLayout layout =
        FileLayout.of(
            request.outputFormat(),
            outputFields(datasets.get(type), request),
            metadata,
            request.csvEscapeFormulas());
    String name = request.fileName(type);
    Compression.Codec codec = request.compression().codec();
    String contentType =
        codec.contentType() != null ? codec.contentType() : request.outputFormat().contentType();
    if (encryptor != null) {
      contentType = Encryption.CONTENT_TYPE;
    }
    List<Shard> nonEmpty =
        parts.stream().filter(s -> s.records() != null && s.records() > 0).toList();
    List<String> keys = nonEmpty.stream().map(Shard::partKey).toList();
    String key = ObjectKeys.file(job.id(), name);
    StreamingUpload.Stored stored = null;
    if (encryptor == null && composable(nonEmpty, layout)) {
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

  private ExportFile writeRejectedFile(
      ExportJob job, String type, List<Shard> parts, long rejected, OpenPgpEncryptor encryptor)
      throws IOException {
    Compression.Codec codec = job.config().compression().codec();
    String name = ObjectKeys.rejectedFileName(type, job.config().suffix());
    List<String> keys =
        parts.stream()
            .filter(s -> s.validation() != null && s.validation().rejected() > 0)
            .map(s -> ObjectKeys.rejectedPart(job.id(), type, s.epoch(), s.seq(), s.attempts()))
            .toList();
    FileLayout lines = FileLayout.of(io.dataexporter.job.OutputFormat.JSONL, List.of(), null);
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
  private static boolean composable(List<Shard> parts, FileLayout layout) {
    // S3 takes at most 10,000 parts: the head stands for the first, the tail may be one more
    if (parts.size() < 2 || parts.size() > 9_999 || layout.separator().length > 0) {
      return false;
    }
    // a footer comes after the last part, which then must be as large as the others
    int mustBeLarge = layout.footer().length > 0 ? parts.size() : parts.size() - 1;
    for (Shard part : parts.subList(0, mustBeLarge)) {
      if (part.bytes() == null || part.bytes() < ObjectStore.MIN_COMPOSE_PART) {
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
