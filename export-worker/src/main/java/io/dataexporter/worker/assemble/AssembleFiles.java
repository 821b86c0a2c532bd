package io.dataexporter.worker.assemble;

import io.dataexporter.dataset.DatasetRegistry;
import io.dataexporter.job.ExportConfigCodec;
import io.dataexporter.job.ExportFile;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.Shard;
import io.dataexporter.job.ShardStatus;
import io.dataexporter.storage.ObjectKeys;
import io.dataexporter.storage.ObjectStore;
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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns an export's completed parts into its files: per data type, the layout's header, the parts
 * in time order joined by the layout's separator, the footer; then {@code manifest.json}. Parts are
 * stream-copied (S3 compose needs 5 MB parts, which small shards are not), so memory stays one
 * upload part. Gzip files are a sequence of gzip members, which {@code gzip -d} reads as one
 * stream.
 */
public final class AssembleFiles {
  private final ObjectStore store;
  private final DatasetRegistry datasets;
  private final ExecutorService uploads;
  private final JsonMapper mapper;
  private final Clock clock;

  public AssembleFiles(
      ObjectStore store,
      DatasetRegistry datasets,
      ExecutorService uploads,
      JsonMapper mapper,
      Clock clock) {
    this.store = store;
    this.datasets = datasets;
    this.uploads = uploads;
    this.mapper = mapper;
    this.clock = clock;
  }

  /** The assembled files and the manifest's key. */
  public record Assembled(List<ExportFile> files, String manifestKey) {}

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
      files.add(writeFile(job, type, parts, finishedAt));
    }
    String manifestKey = ObjectKeys.manifest(job.id());
    byte[] manifest =
        mapper
            .writerWithDefaultPrettyPrinter()
            .writeValueAsBytes(manifest(job, files, shards, finishedAt));
    store.put(manifestKey, new ByteArrayInputStream(manifest), "application/json");
    return new Assembled(files, manifestKey);
  }

  private ExportFile writeFile(ExportJob job, String type, List<Shard> parts, Instant finishedAt)
      throws IOException {
    ExportRequest request = job.config();
    long records = parts.stream().mapToLong(s -> s.records() == null ? 0 : s.records()).sum();
    String metadata =
        request.includeMetadata()
            ? mapper.writeValueAsString(fileMetadata(job, type, records, finishedAt))
            : null;
    FileLayout layout =
        FileLayout.of(request.outputFormat(), datasets.get(type).columns(), metadata);
    String name = request.fileName(type);
    String key = ObjectKeys.file(job.id(), name);
    String contentType =
        request.compression() ? "application/gzip" : request.outputFormat().contentType();
    StreamingUpload upload = new StreamingUpload(store, key, contentType, uploads);
    try {
      framing(upload, layout.header(), request.compression(), true);
      boolean first = true;
      for (Shard part : parts) {
        if (part.records() == null || part.records() == 0) {
          continue;
        }
        if (!first) {
          framing(upload, layout.separator(), request.compression(), false);
        }
        first = false;
        try (InputStream in = store.get(part.partKey())) {
          in.transferTo(upload);
        }
      }
      framing(upload, layout.footer(), request.compression(), false);
      StreamingUpload.Stored stored = upload.finish();
      return new ExportFile(type, name, key, stored.bytes(), records, stored.sha256());
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

  private ObjectNode fileMetadata(ExportJob job, String type, long records, Instant finishedAt) {
    ObjectNode node = mapper.createObjectNode();
    node.put("export_id", job.id().toString());
    node.put("data_type", type);
    node.put("format", job.config().outputFormat().extension());
    node.put("record_count", records);
    node.put("created_at", job.createdAt().toString());
    node.put("exported_at", finishedAt.toString());
    node.set("config", new ExportConfigCodec(mapper).toJson(job.config()));
    return node;
  }

  private ObjectNode manifest(
      ExportJob job, List<ExportFile> files, List<Shard> shards, Instant finishedAt) {
    ObjectNode root = mapper.createObjectNode();
    root.put("export_id", job.id().toString());
    root.put("format_version", 1);
    root.set("config", new ExportConfigCodec(mapper).toJson(job.config()));
    ArrayNode fileNodes = root.putArray("files");
    for (ExportFile f : files) {
      ObjectNode n = fileNodes.addObject();
      n.put("data_type", f.dataType());
      n.put("name", f.name());
      n.put("key", f.key());
      n.put("records", f.records());
      n.put("bytes", f.size());
      n.put("sha256", f.sha256());
      n.put(
          "rejected",
          shards.stream()
              .filter(s -> s.dataType().equals(f.dataType()))
              .mapToLong(s -> s.rejected() == null ? 0 : s.rejected())
              .sum());
    }
    root.put("total_records", files.stream().mapToLong(ExportFile::records).sum());
    root.put("total_bytes", files.stream().mapToLong(ExportFile::size).sum());
    ObjectNode timings = root.putObject("timings");
    timings.put("created_at", job.createdAt().toString());
    timings.put("started_at", job.startedAt() == null ? null : job.startedAt().toString());
    timings.put("finished_at", finishedAt.toString());
    timings.put("duration_ms", finishedAt.toEpochMilli() - job.createdAt().toEpochMilli());
    ArrayNode shardNodes = root.putArray("shards");
    for (Shard s : shards) {
      ObjectNode n = shardNodes.addObject();
      n.put("data_type", s.dataType());
      n.put("seq", s.seq());
      n.put("range_start", s.rangeStart() == null ? null : s.rangeStart().toString());
      n.put("range_end", s.rangeEnd() == null ? null : s.rangeEnd().toString());
      n.put("records", s.records());
      n.put("worker_id", s.workerId());
      n.put("attempts", s.attempts());
    }
    return root;
  }
}
