import { useCallback, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { ExportList } from '../../api/types';

export const HISTORY_PAGE_SIZE = 10;

/** Server-side paginated list of exports (newest first). */
export function useExportHistory(pageSize = HISTORY_PAGE_SIZE) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ExportList | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let stale = false;
    setLoading(true);
    api
      .list(pageSize, (page - 1) * pageSize)
      .then((result) => {
        if (stale) return;
        // Deleting the last row of the last page: step back a page.
        if (result.items.length === 0 && result.total > 0 && page > 1) {
          setPage(Math.max(1, Math.ceil(result.total / pageSize)));
          return;
        }
        setData(result);
        setError(null);
      })
      .catch((err) => {
        if (!stale) setError(errorMessage(err));
      })
      .finally(() => {
        if (!stale) setLoading(false);
      });
    return () => {
      stale = true;
    };
  }, [page, pageSize, reloadKey]);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);

  return { page, setPage, data, loading, error, reload, pageSize };
}
