import { useEffect, useState } from 'react';
import { datasetsApi, type Dataset } from '../../api/issue16';
import { FALLBACK_DATASETS } from './filters';

let cached: Dataset[] | null = null;
let pending: Promise<Dataset[]> | null = null;

/** The datasets as last fetched, else the demo ones (for loading a stored request before the fetch ended). */
export function knownDatasets(): Dataset[] {
  return cached ?? FALLBACK_DATASETS;
}

/** Fetches `GET /api/v1/datasets` once per page load; on failure the demo datasets stand in. */
export function loadDatasets(): Promise<Dataset[]> {
  if (cached) return Promise.resolve(cached);
  pending ??= datasetsApi
    .list()
    .then((list) => {
      cached = list?.items?.length ? list.items : FALLBACK_DATASETS;
      return cached;
    })
    .catch(() => FALLBACK_DATASETS)
    .finally(() => {
      pending = null;
    });
  return pending;
}

/** Forgets the fetched datasets (tests). */
export function resetDatasetsCache() {
  cached = null;
  pending = null;
}

/** The data types' columns and their filter operators. */
export function useDatasets(): Dataset[] {
  const [datasets, setDatasets] = useState<Dataset[]>(knownDatasets);
  useEffect(() => {
    let live = true;
    void loadDatasets().then((d) => live && setDatasets(d));
    return () => {
      live = false;
    };
  }, []);
  return datasets;
}
