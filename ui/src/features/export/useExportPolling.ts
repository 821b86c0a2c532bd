import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import type { ExportProgressResponse, ExportStatusResponse } from '../../api/types';
import { TERMINAL_STATUSES } from '../../api/types';

export const POLL_INTERVAL_MS = 1000;

/** Polls progress and status every second until the export is completed, failed or cancelled. */
export function useExportPolling(id: string | undefined) {
  const [status, setStatus] = useState<ExportStatusResponse | null>(null);
  const [progress, setProgress] = useState<ExportProgressResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!id) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();

    const poll = async () => {
      try {
        const [p, s] = await Promise.all([
          api.progress(id, controller.signal),
          api.status(id, controller.signal),
        ]);
        if (stopped) return;
        setProgress(p);
        setStatus(s);
        setError(null);
        if (!TERMINAL_STATUSES.has(s.status)) timer = setTimeout(poll, POLL_INTERVAL_MS);
      } catch (err) {
        if (stopped || controller.signal.aborted) return;
        if (err instanceof ApiError && (err.status === 404 || err.status === 401 || err.status === 403)) {
          if (err.status === 404) setNotFound(true);
          setError(errorMessage(err));
          return;
        }
        // Transient (network, 5xx): show it and keep trying, a bit slower.
        setError(errorMessage(err));
        timer = setTimeout(poll, POLL_INTERVAL_MS * 3);
      }
    };
    void poll();

    return () => {
      stopped = true;
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [id, generation]);

  /** After cancel/retry: take the new status and poll again until terminal. */
  const restart = useCallback((next?: ExportStatusResponse) => {
    if (next) setStatus(next);
    setGeneration((g) => g + 1);
  }, []);

  return { status, progress, error, notFound, restart };
}
