package io.dataexporter.worker.shard;

import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.compress.GzipEngine;
import java.util.concurrent.ExecutorService;

/**
 * Where the parts of shards go and how they are compressed: one per worker.
 *
 * @param uploads threads that feed the multipart uploads
 * @param compressionLevel gzip level 1 to 9
 */
public record PartOutputs(
    ObjectStore store, ExecutorService uploads, GzipEngine gzip, int compressionLevel) {

  PartOutput open(String key, boolean gzipped) {
    return new PartOutput(this, key, gzipped);
  }
}
