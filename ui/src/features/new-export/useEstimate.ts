import { useCallback, useState } from 'react';
import { api } from '../../api/client';
import type { EstimateResponse, ExportRequest } from '../../api/types';

export function useEstimate() {
  const [estimate, setEstimate] = useState<EstimateResponse | null>(null);
  const [loading, setLoading] = useState(false);

  const run = useCallback(async (body: ExportRequest) => {
    setLoading(true);
    try {
      const result = await api.estimate(body);
      setEstimate(result);
      return result;
    } finally {
      setLoading(false);
    }
  }, []);

  return { estimate, loading, run, clear: () => setEstimate(null) };
}
