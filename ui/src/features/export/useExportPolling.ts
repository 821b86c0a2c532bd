import { useCallback, useEffect, useState } from 'react';
import { API_BASE, ApiError, api, authHeaders, errorMessage } from '../../api/client';
import { readSse } from '../../api/sse';
import type { ExportProgressResponse, ExportStatusResponse } from '../../api/types';
import { TERMINAL_STATUSES } from '../../api/types';

export const POLL_INTERVAL_MS = 1000;
/** No first event within this time: give up on the stream and keep polling. */
export const STREAM_FIRST_EVENT_MS = 5000;
/** No event for this long while streaming: drop the stream and poll instead. */
export const STREAM_IDLE_MS = 30000;

/**
 * Follows an export until it is completed, failed or cancelled: live progress from the
 * `GET /{id}/events` Server-Sent Events stream (read with fetch, as EventSource cannot send the token),
 * falling back to polling progress and status every second whenever the stream is unavailable.
 */
export function useExportPolling(id: string | undefined) {
  const [status, setStatus] = useState<ExportStatusResponse | null>(null);
  const [progress, setProgress] = useState<ExportProgressResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [live, setLive] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let streaming = false;
    let terminal = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    const streamController = new AbortController();
    const abortStream = () => streamController.abort();
    controller.signal.addEventListener('abort', abortStream);

    const schedule = (ms: number) => {
      if (stopped || streaming || terminal) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(poll, ms);
    };

    const poll = async () => {
      timer = undefined;
      try {
        const [p, s] = await Promise.all([api.progress(id, controller.signal), api.status(id, controller.signal)]);
        if (stopped) return;
        setProgress(p);
        setStatus(s);
        setError(null);
        if (TERMINAL_STATUSES.has(s.status)) terminal = true;
        else schedule(POLL_INTERVAL_MS);
      } catch (err) {
        if (stopped || controller.signal.aborted) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 401 || err.status === 403)) {
          if (err.status === 404) setNotFound(true);
          setError(errorMessage(err));
          terminal = true;
          abortStream();
          return;
        }
        // Transient (network, 5xx): show it and keep trying, a bit slower.
        setError(errorMessage(err));
        schedule(POLL_INTERVAL_MS * 3);
      }
    };

    const refreshStatus = async () => {
      try {
        const s = await api.status(id, controller.signal);
        if (!stopped) setStatus(s);
      } catch {
        // The next event or poll will try again.
      }
    };

    const arm = (ms: number) => {
      if (watchdog) clearTimeout(watchdog);
      watchdog = setTimeout(abortStream, ms);
    };

    const stream = async () => {
      arm(STREAM_FIRST_EVENT_MS);
      const res = await fetch(`${API_BASE}/${encodeURIComponent(id)}/events`, {
        headers: { Accept: 'text/event-stream', ...authHeaders() },
        signal: streamController.signal,
      });
      if (!res.ok || !res.body || !(res.headers.get('Content-Type') ?? '').includes('text/event-stream')) {
        throw new Error(`events: ${res.status}`);
      }
      let lastStatus: string | undefined;
      await readSse(
        res.body,
        (e) => {
          if (stopped || e.event !== 'progress') return;
          let p: ExportProgressResponse;
          try {
            p = JSON.parse(e.data) as ExportProgressResponse;
          } catch {
            return;
          }
          if (!p || typeof p !== 'object' || !p.status) return;
          if (!streaming) {
            streaming = true;
            setLive(true);
            if (timer) clearTimeout(timer);
            timer = undefined;
          }
          arm(STREAM_IDLE_MS);
          setProgress(p);
          setError(null);
          if (p.status !== lastStatus) {
            lastStatus = p.status;
            void refreshStatus();
          }
          if (TERMINAL_STATUSES.has(p.status)) terminal = true;
        },
        streamController.signal,
      );
    };

    void stream()
      .catch(() => undefined)
      .finally(() => {
        if (watchdog) clearTimeout(watchdog);
        if (stopped) return;
        streaming = false;
        setLive(false);
        // Stream over before the export ended (error, 404, proxy, idle): poll as before.
        if (!terminal && !timer) void poll();
      });
    void poll();

    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
      if (watchdog) clearTimeout(watchdog);
    };
  }, [id, generation]);

  /** After cancel/retry: take the new status and follow the export again until terminal. */
  const restart = useCallback((next?: ExportStatusResponse) => {
    if (next) setStatus(next);
    setGeneration((g) => g + 1);
  }, []);

  return { status, progress, error, notFound, restart, live };
}
