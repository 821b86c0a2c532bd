package io.dataexporter.job;

import java.util.List;

/**
 * What a retry of a failed export stored, in one transaction with its outbox: either the export
 * went back to pending and is unpublished (nothing was planned; the planning request is the outbox
 * row), or it runs again and {@code requeued} are its shards back in the queue (queued shards are
 * the outbox of shard tasks; none left means it is finalized again).
 */
public record RetriedExport(boolean replanned, List<Shard> requeued) {
  public RetriedExport {
    requeued = List.copyOf(requeued);
  }
}
