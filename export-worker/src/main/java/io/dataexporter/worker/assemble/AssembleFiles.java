package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.transform.Transformation;
import io.dataexporter.worker.format.FileLayout;
import io.dataexporter.worker.storage.StreamingUpload;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an export's completed parts into its files: per data type, the layout's header, the parts
 * in time order joined by the layout's separator, the footer; the rejected records of all shards
 * into {@code rejected/{type}.jsonl}; then {@code manifest.json}, last. Parts are stream-copied (S3
 * compose needs 5 MB parts, which small shards are not), so memory stays one upload part. Gzip
 * files are a sequence of gzip members, which {@code gzip -d} reads as one stream.
 */
public final class AssembleFiles {
  private final ObjectStore store;
  private final DatasetRegistry datasets;
  private final ExecutorService uploads;
  private final JsonMapper mapper;
  private final Clock clock;
  private final ManifestWriter manifests;

  public AssembleFiles(
      ObjectStore store,
      DatasetRegistry datasets,
      ExecutorService uploads,
      JsonMapper mapper,
      Clock clock,
      ManifestWriter manifests) {
    this.store = store;
    this.datasets = datasets;
    this.uploads = uploads;
    this.mapper = mapper;
    this.clock = clock;
    this.manifests = manifests;
  }

  /** The assembled files (data and rejected) and the manifest's key. */
  public record Assembled(List<ExportFile> files, String manifestKey, Instant finishedAt) {}

  public Assembled assemble(ExportJob job, List<Shard> shards) throws IOException {
    for (Shard shard : shards) {
      if (shard.status() != ShardStatus.COMPLETED) {
        throw new IllegalStateException(
            "shard " + shard.id() + " of export " + job.id() + " is " + shard.status().wire());
      }
    }
    Instant finishedAt = clock.instant();
    List<ExportFile> files = new ArrayList<>();
    for (String type : job.config().dataTypes()) {
      List<Shard> parts = shards.stream().filter(s -> s.dataType().equals(type)).toList();
      files.add(writeDataFile(job, type, parts, finishedAt));
      long rejected =
          parts.stream()
              .mapToLong(s -> s.validation() == null ? 0 : s.validation().rejected())
              .sum();
      if (rejected > 0) {
        files.add(writeRejectedFile(job, type, parts, rejected));
      }
    }
    String manifestKey = ObjectKeys.manifest(job.id());
    byte[] manifest = manifests.manifest(job, files, shards, finishedAt);
    store.put(manifestKey, new ByteArrayInputStream(manifest), "application/json");
    return new Assembled(files, manifestKey, finishedAt);
  }

  /** The fields a data type's records have after its transformations. */
  public static List<String> outputFields(Dataset dataset, ExportRequest request) {
    return Transformation.outputFields(
        dataset.columns(), request.transformationsOf(dataset.name()));
  }

  private ExportFile writeDataFile(
      ExportJob job, String type, List<Shard> parts, Instant finishedAt) throws IOException {
    ExportRequest request = job.config();
    long records = parts.stream().mapToLong(s -> s.records() == null ? 0 : s.records()).sum();
    String metadata =
        request.includeMetadata()
            ? mapper.writeValueAsString(manifests.fileMetadata(job, type, records, finishedAt))
            : null;
    FileLayout layout =
        FileLayout.of(request.outputFormat(), outputFields(datasets.get(type), request), metadata);
    String name = request.fileName(type);
    String contentType =
        request.compression() ? "application/gzip" : request.outputFormat().contentType();
    List<String> keys =
        parts.stream()
            .filter(s -> s.records() != null && s.records() > 0)
            .map(Shard::partKey)
            .toList();
    StreamingUpload.Stored stored =
        concatenate(
            ObjectKeys.file(job.id(), name), contentType, keys, layout, request.compression());
    return new ExportFile(
        type, name, stored.key(), stored.bytes(), records, stored.sha256(), ExportFile.DATA);
  }

  private ExportFile writeRejectedFile(ExportJob job, String type, List<Shard> parts, long rejected)
      throws IOException {
    boolean gzip = job.config().compression();
    String name = ObjectKeys.rejectedFileName(type, gzip);
    List<String> keys =
        parts.stream()
            .filter(s -> s.validation() != null && s.validation().rejected() > 0)
            .map(s -> ObjectKeys.rejectedPart(job.id(), type, s.seq(), s.attempts()))
            .toList();
    FileLayout lines = FileLayout.of(io.dataexporter.job.OutputFormat.JSONL, List.of(), null);
    String contentType = gzip ? "application/gzip" : "application/x-ndjson";
    StreamingUpload.Stored stored =
        concatenate(ObjectKeys.file(job.id(), name), contentType, keys, lines, gzip);
    return new ExportFile(
        type, name, stored.key(), stored.bytes(), rejected, stored.sha256(), ExportFile.REJECTED);
  }

  private StreamingUpload.Stored concatenate(
      String key, String contentType, List<String> partKeys, FileLayout layout, boolean gzip)
      throws IOException {
    StreamingUpload upload = new StreamingUpload(store, key, contentType, uploads);
    try {
      framing(upload, layout.header(), gzip, true);
      boolean first = true;
      for (String partKey : partKeys) {
        if (!first) {
          framing(upload, layout.separator(), gzip, false);
        }
        first = false;
        try (InputStream in = store.get(partKey)) {
          in.transferTo(upload);
        }
      }
      framing(upload, layout.footer(), gzip, false);
      return upload.finish();
    } catch (IOException | RuntimeException e) {
      upload.abort(e);
      throw e;
    }
  }

  /**
   * Writes layout bytes; compressed, each piece is its own gzip member. The header member is
   * written even when empty, so a compressed file with no records is still valid gzip.
   */
  private static void framing(OutputStream out, byte[] bytes, boolean gzip, boolean always)
      throws IOException {
    if (bytes.length == 0 && !(gzip && always)) {
      return;
    }
    if (!gzip) {
      out.write(bytes);
      return;
    }
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(member)) {
      z.write(bytes);
    }
    member.writeTo(out);
  }
}
