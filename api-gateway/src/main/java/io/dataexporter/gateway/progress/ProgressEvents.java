package io.dataexporter.gateway.progress;

import io.dataexporter.error.TooManyRequestsException;
import io.dataexporter.job.ExportJob;
import io.dataexporter.job.ExportJobRepository;
import io.dataexporter.progress.ProgressKeys;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live progress as server-sent events. Workers announce changes on a Redis pub/sub channel; each
 * announcement sends the export's progress to its open streams. A slow tick sends it anyway, so a
 * lost announcement (or a change the gateway made itself) shows up within seconds. A stream ends
 * after the export's final status. Announcements are coalesced: an export's streams get at most one
 * snapshot per {@link #MIN_GAP_MILLIS} (a burst's last state follows within that time), since each
 * snapshot costs database and Redis reads. Open streams are capped per user and in total ({@link
 * StreamSlots}); an export's state here lives exactly as long as it has open streams.
 */
public final class ProgressEvents implements MessageListener {
  private static final Logger log = LoggerFactory.getLogger(ProgressEvents.class);
  private final ExportJobRepository jobs;
  private final ProgressReader progress;
  static final long MIN_GAP_MILLIS = 250;
  private final Map<UUID, CopyOnWriteArrayList<SseEmitter>> streams = new ConcurrentHashMap<>();
  private final Map<UUID, Long> lastSent = new ConcurrentHashMap<>();
  private final Set<UUID> pending = ConcurrentHashMap.newKeySet();
  private final StreamSlots slots;
  private final Duration retryAfter;

  /**
   * @param slots the caps on open streams (per user and in total)
   * @param retryAfter the {@code Retry-After} of the 429 beyond a cap
   */
  public ProgressEvents(
      ExportJobRepository jobs, ProgressReader progress, StreamSlots slots, Duration retryAfter) {
    this.jobs = jobs;
    this.progress = progress;
    this.slots = slots;
    this.retryAfter = retryAfter;
  }

  /**
   * A stream of {@code user}'s for an export they may see (checked by the caller of this method);
   * 429 ({@link TooManyRequestsException}) beyond a cap. The stream's place is given back once,
   * whichever way it ends: completed, timed out, failed or found gone at a send.
   */
  public SseEmitter open(ExportJob job, String user) {
    String refusal = slots.acquire(user);
    if (refusal != null) {
      throw new TooManyRequestsException(refusal, retryAfter);
    }
    SseEmitter emitter = new SseEmitter(30L * 60 * 1000);
    AtomicBoolean released = new AtomicBoolean();
    Runnable remove =
        () -> {
          if (released.compareAndSet(false, true)) {
            slots.release(user);
          }
          detach(job.id(), emitter);
        };
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    streams.computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>()).add(emitter);
    send(job.id());
    return emitter;
  }

  /** Removes a stream; an export nobody watches any more leaves nothing behind. */
  private void detach(UUID exportId, SseEmitter emitter) {
    streams.computeIfPresent(
        exportId,
        (id, list) -> {
          list.remove(emitter);
          return list.isEmpty() ? null : list;
        });
    if (!streams.containsKey(exportId)) {
      lastSent.remove(exportId);
      pending.remove(exportId);
    }
  }

  /** Streams open now. */
  public int openStreams() {
    return slots.total();
  }

  /** Exports with at least one open stream, i.e. with state kept here. */
  public int watchedExports() {
    return streams.size();
  }

  @Override
  public void onMessage(Message message, byte[] pattern) {
    UUID exportId;
    try {
      exportId =
          UUID.fromString(new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      log.debug("ignoring event {}", message);
      return;
    }
    if (!streams.containsKey(exportId)) {
      return;
    }
    Long last = lastSent.get(exportId);
    if (last == null || System.nanoTime() - last >= MIN_GAP_MILLIS * 1_000_000) {
      send(exportId);
    } else {
      pending.add(exportId);
    }
  }

  /** Sends what was held back by the coalescing. */
  @Scheduled(fixedDelay = MIN_GAP_MILLIS)
  void flush() {
    for (UUID exportId : pending) {
      pending.remove(exportId);
      send(exportId);
    }
  }

  @Scheduled(fixedDelay = 2000)
  void tick() {
    streams.keySet().forEach(this::send);
    // a send racing the last stream's removal may have noted a time for an export gone since
    lastSent.keySet().retainAll(streams.keySet());
  }

  private void send(UUID exportId) {
    var emitters = streams.get(exportId);
    if (emitters == null || emitters.isEmpty()) {
      lastSent.remove(exportId);
      return;
    }
    lastSent.put(exportId, System.nanoTime());
    ExportJob job = jobs.find(exportId).orElse(null);
    if (job == null) {
      // deleted: its streams end, and their callbacks drop the state
      emitters.forEach(SseEmitter::complete);
      return;
    }
    ProgressView snapshot = progress.read(job);
    for (SseEmitter emitter : emitters) {
      try {
        emitter.send(SseEmitter.event().name("progress").data(snapshot));
        if (job.status().isTerminal()) {
          emitter.complete();
        }
      } catch (IOException | IllegalStateException e) {
        // the client is gone; completing runs the stream's removal
        emitter.completeWithError(e);
      }
    }
  }

  /** The channel the workers announce on. */
  public static String channel() {
    return ProgressKeys.EVENTS_CHANNEL;
  }
}
