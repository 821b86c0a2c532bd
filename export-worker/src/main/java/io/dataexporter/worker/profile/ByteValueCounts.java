package io.dataexporter.worker.profile;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * Counts distinct byte strings, up to a limit, without allocating for values already seen: an
 * open-addressing table keyed by the bytes themselves, for the COPY path's text fields.
 */
final class ByteValueCounts {
  private final int limit;
  private final byte[][] keys;
  private final long[] counts;
  private final int mask;
  private int size;

  ByteValueCounts(int limit) {
    this.limit = limit;
    int capacity = Integer.highestOneBit(Math.max(4, limit) * 4);
    keys = new byte[capacity][];
    counts = new long[capacity];
    mask = capacity - 1;
  }

  /**
   * Counts {@code bytes[start, end)}.
   *
   * @return false when it is a new value beyond the limit (nothing is counted any more then)
   */
  boolean add(byte[] bytes, int start, int end) {
    int h = 1;
    for (int i = start; i < end; i++) {
      h = 31 * h + bytes[i];
    }
    h ^= h >>> 16;
    for (int slot = h & mask; ; slot = (slot + 1) & mask) {
      byte[] key = keys[slot];
      if (key == null) {
        if (size >= limit) {
          return false;
        }
        keys[slot] = Arrays.copyOfRange(bytes, start, end);
        counts[slot] = 1;
        size++;
        return true;
      }
      if (Arrays.equals(key, 0, key.length, bytes, start, end)) {
        counts[slot]++;
        return true;
      }
    }
  }

  void forEach(ObjLongConsumer<byte[]> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != null) {
        action.accept(keys[i], counts[i]);
      }
    }
  }
}
