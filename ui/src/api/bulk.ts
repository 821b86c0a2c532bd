// Calls of the bulk and usage routes; their types are aliases of the schemas generated from the
// gateway's OpenAPI document (schema.gen.ts, `npm run api:generate`).
import { request } from './client';
import type { components, operations } from './schema.gen';

type Schemas = components['schemas'];

export type BulkRequest = Schemas['BulkRequest'];
export type BulkAction = BulkRequest['action'];
export type BulkResult = Schemas['BulkResult'];
export type BulkOutcome = BulkResult['outcome'];
export type BulkResponse = Schemas['BulkResponse'];

/** The most ids one bulk call takes. */
export const BULK_MAX_IDS = 100;

export type UsageReport = Schemas['UsageReport'];
export type UsageBucket = UsageReport['bucket'];
export type UsageItem = Schemas['UsageItem'];
export type UsageTotals = Schemas['UsageTotals'];

/** The query parameters of `GET /usage`. */
export type UsageQuery = NonNullable<operations['usage']['parameters']['query']>;

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
