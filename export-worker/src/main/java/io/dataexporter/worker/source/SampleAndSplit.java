package io.dataexporter.worker.source;

import io.dataexporter.dataset.Dataset;
import io.dataexporter.dataset.RowFilter;
import io.dataexporter.job.ExportRequest;
import io.dataexporter.job.RowHash;
import io.dataexporter.job.Sample;
import io.dataexporter.job.Split;

/**
 * A request's sample and split as conditions of a dataset's {@link RowFilter}: the planner counts
 * and cuts with them, and a shard reads with the same ones, so both agree on which rows a shard
 * holds.
 */
public final class SampleAndSplit {
  private SampleAndSplit() {}

  /** The column a sample hashes in {@code dataset}: the sample's key, else the id column. */
  public static String sampleKey(Sample sample, Dataset dataset) {
    return sample.key() != null ? sample.key() : dataset.idColumn();
  }

  /** The column a split hashes in {@code dataset}: the split's key, else the id column. */
  public static String splitKey(Split split, Dataset dataset) {
    return split.key() != null ? split.key() : dataset.idColumn();
  }

  /** Rows under the sample threshold {@code below} (the request must have a sample). */
  public static RowFilter sampled(RowFilter filter, Sample sample, long below) {
    return filter.withSample(
        sampleKey(sample, filter.dataset()), RowHash.prefix(RowHash.SAMPLE, sample.seed()), below);
  }

  /** Rows of the split named {@code name} (the request must have a split). */
  public static RowFilter inSplit(RowFilter filter, Split split, String name) {
    long[] range = split.range(name);
    return filter.withSplit(
        splitKey(split, filter.dataset()),
        RowHash.prefix(RowHash.SPLIT, split.seed()),
        range[0],
        range[1]);
  }

  /**
   * A shard's rows: {@code filter} narrowed to the shard's split and sample threshold, as the
   * planner stored them.
   *
   * @param split the shard's split, null without one
   * @param sampleBelow the shard's sample threshold, null without a sample
   */
  public static RowFilter forShard(
      RowFilter filter, ExportRequest request, String split, Long sampleBelow) {
    RowFilter narrowed = filter;
    if (sampleBelow != null) {
      if (request.sample() == null) {
        throw new IllegalStateException("a sample threshold without a sample in the request");
      }
      narrowed = sampled(narrowed, request.sample(), sampleBelow);
    }
    if (split != null) {
      if (request.split() == null) {
        throw new IllegalStateException("split " + split + " without splits in the request");
      }
      narrowed = inSplit(narrowed, request.split(), split);
    }
    return narrowed;
  }
}
