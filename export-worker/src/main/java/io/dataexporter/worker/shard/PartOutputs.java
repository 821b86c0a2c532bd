package io.dataexporter.worker.shard;

import io.dataexporter.job.Compression;
import io.dataexporter.storage.ObjectStore;
import io.dataexporter.worker.compress.Codecs;
import java.util.concurrent.ExecutorService;

/**
 * Where the parts of shards go and how they are compressed: one per worker.
 *
 * @param uploads threads that feed the multipart uploads
 * @param codecs the compressors and their default levels
 */
public record PartOutputs(ObjectStore store, ExecutorService uploads, Codecs codecs) {

  PartOutput open(String key, Compression compression) {
    return new PartOutput(this, key, compression);
  }
}
