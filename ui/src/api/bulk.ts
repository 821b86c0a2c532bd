// Types and calls of the bulk and usage routes (docs/bulk-and-usage.md). Kept apart from types.ts so
// they can be folded into the types generated from the OpenAPI document.
import { request } from './client';

export type BulkAction = 'cancel' | 'delete';

export interface BulkRequest {
  action: BulkAction;
  /** 1 to 100 export ids; a repeated id is acted on once. */
  export_ids: string[];
}

export type BulkOutcome = 'cancelled' | 'deleted' | 'not_found' | 'conflict' | 'error';

export interface BulkResult {
  export_id: string;
  outcome: BulkOutcome;
  /** The status the single-export route would have answered. */
  status: number;
  /** Why it failed; absent on success. */
  detail?: string;
  /** Bytes removed (successful deletes only). */
  freed_bytes?: number;
}

export interface BulkResponse {
  action: BulkAction;
  results: BulkResult[];
  succeeded: number;
  failed: number;
}

/** The most ids one bulk call takes. */
export const BULK_MAX_IDS = 100;

export type UsageBucket = 'day' | 'week' | 'month';

export interface UsageQuery {
  /** First day, YYYY-MM-DD (UTC), included. */
  from?: string;
  /** Last day, YYYY-MM-DD (UTC), included. */
  to?: string;
  bucket?: UsageBucket;
  /** Admins only: one user's usage. */
  user?: string;
}

export interface UsageItem {
  /** First day of the period, YYYY-MM-DD. */
  period: string;
  user: string;
  data_type: string;
  exports: number;
  completed: number;
  records: number;
  bytes: number;
  duration_ms: number;
  avg_duration_ms: number | null;
}

export interface UsageTotals {
  exports: number;
  completed: number;
  records: number;
  bytes: number;
  duration_ms: number;
  avg_duration_ms: number | null;
}

export interface UsageReport {
  bucket: UsageBucket;
  from: string;
  to: string;
  /** Null when an admin asked for everyone's usage. */
  user: string | null;
  items: UsageItem[];
  totals: UsageTotals;
}

export const bulkApi = {
  apply: (action: BulkAction, exportIds: string[]) =>
    request<BulkResponse>('/bulk', { method: 'POST', body: { action, export_ids: exportIds } satisfies BulkRequest }),
  usage: (q: UsageQuery = {}) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(q)) {
      if (value) params.set(key, value);
    }
    const query = params.toString();
    return request<UsageReport>(`/usage${query ? `?${query}` : ''}`);
  },
};
