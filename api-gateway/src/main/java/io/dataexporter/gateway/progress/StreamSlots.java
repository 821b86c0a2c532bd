package io.dataexporter.gateway.progress;

import java.util.HashMap;
import java.util.Map;

/** Places for open event streams: at most so many per user and so many in total. */
public final class StreamSlots {
  private final int perUser;
  private final int total;
  private final Map<String, Integer> byUser = new HashMap<>();
  private int open;

  public StreamSlots(int perUser, int total) {
    this.perUser = perUser;
    this.total = total;
  }

  /** Takes a place for {@code user}; null when taken, else why not (for the 429's detail). */
  public synchronized String acquire(String user) {
    if (open >= total) {
      return total
          + " live-progress streams are open on this gateway, the most allowed; try again later";
    }
    int mine = byUser.getOrDefault(user, 0);
    if (mine >= perUser) {
      return "you have "
          + perUser
          + " live-progress streams open, the most allowed; close one first";
    }
    byUser.put(user, mine + 1);
    open++;
    return null;
  }

  /** Gives back a place taken by {@link #acquire}; call once per successful acquire. */
  public synchronized void release(String user) {
    byUser.computeIfPresent(user, (u, n) -> n > 1 ? n - 1 : null);
    open = Math.max(0, open - 1);
  }

  public synchronized int total() {
    return open;
  }
}
