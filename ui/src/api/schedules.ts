// Calls of the schedule routes (`/api/v1/schedules`, design15.md "Schedule API").
//
// The types below are written by hand from the design because docs/openapi.json does not describe
// the schedule routes yet. Once it does (and `npm run api:generate` has run), each becomes an alias
// of its generated schema, as in types.ts: `export type Schedule = Schemas['Schedule'];` and so on.
import { request } from './client';
import type { ExportRequest } from './types';

export const SCHEDULES_BASE = '/api/v1/schedules';

export type ScheduleMode = 'window' | 'incremental';
export type Misfire = 'run_once' | 'skip';
export type RunTrigger = 'cron' | 'manual' | 'backfill';
export type RunStatus = 'waiting' | 'pending' | 'running' | 'finalizing' | 'completed' | 'failed' | 'cancelled';

/** The export a schedule makes: the fields of POST /api/v1/export without dates and webhook. */
export type ScheduleExport = Omit<ExportRequest, 'start_date' | 'end_date'>;

/** Body of POST /api/v1/schedules and PUT /api/v1/schedules/{id} (PUT replaces the whole schedule). */
export interface ScheduleRequest {
  name: string;
  cron: string;
  timezone?: string;
  mode: ScheduleMode;
  window?: string;
  lag?: string;
  misfire?: Misfire;
  export: ScheduleExport;
  webhook?: { url: string; secret?: string };
  enabled?: boolean;
  start_date?: string;
}

export interface ScheduleRun {
  run_id: number;
  schedule_id: string;
  export_id?: string | null;
  fire_time: string;
  trigger: RunTrigger;
  status: RunStatus;
  window?: { start: string; end: string } | null;
  visibility?: {
    after?: string | null;
    after_snapshot?: string | null;
    at?: string | null;
    snapshot?: string | null;
  } | null;
  record_counts?: Record<string, number>;
  error_message?: string | null;
  created_at: string;
  started_at?: string | null;
  finished_at?: string | null;
}

export interface Schedule {
  schedule_id: string;
  name: string;
  owner?: string;
  cron: string;
  timezone: string;
  mode: ScheduleMode;
  window?: string | null;
  lag?: string | null;
  misfire: Misfire;
  export: ScheduleExport;
  webhook?: { url: string; secret_set: boolean } | null;
  enabled: boolean;
  start_date?: string | null;
  next_run_at?: string | null;
  last_run?: ScheduleRun | null;
  created_at: string;
  updated_at: string;
}

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
export type ScheduleList = Page<Schedule>;
export type ScheduleRunList = Page<ScheduleRun>;

export interface StartedRun {
  export_id: string;
  run_id: number;
}
export interface BackfillResult {
  runs: number;
  run_ids: number[];
}
export interface NextFireTimes {
  fire_times: string[];
}

const id = (scheduleId: string) => `/${encodeURIComponent(scheduleId)}`;
const base = SCHEDULES_BASE;

export const scheduleApi = {
  list: (limit: number, offset: number) => request<ScheduleList>(`?limit=${limit}&offset=${offset}`, { base }),
  get: (scheduleId: string) => request<Schedule>(id(scheduleId), { base }),
  create: (body: ScheduleRequest) => request<Schedule>('', { base, method: 'POST', body }),
  update: (scheduleId: string, body: ScheduleRequest) =>
    request<Schedule>(id(scheduleId), { base, method: 'PUT', body }),
  remove: (scheduleId: string) =>
    request<{ schedule_id: string; deleted: boolean }>(id(scheduleId), { base, method: 'DELETE' }),
  pause: (scheduleId: string) => request<Schedule>(`${id(scheduleId)}/pause`, { base, method: 'POST' }),
  resume: (scheduleId: string) => request<Schedule>(`${id(scheduleId)}/resume`, { base, method: 'POST' }),
  runNow: (scheduleId: string) => request<StartedRun>(`${id(scheduleId)}/run`, { base, method: 'POST' }),
  backfill: (scheduleId: string, body: { start_date: string; end_date: string }) =>
    request<BackfillResult>(`${id(scheduleId)}/backfill`, { base, method: 'POST', body }),
  runs: (scheduleId: string, limit: number, offset: number) =>
    request<ScheduleRunList>(`${id(scheduleId)}/runs?limit=${limit}&offset=${offset}`, { base }),
  nextFireTimes: (cron: string, timezone: string, count = 5, signal?: AbortSignal) => {
    const params = new URLSearchParams({ cron, timezone, count: String(count) });
    return request<NextFireTimes>(`/next-fire-times?${params.toString()}`, { base, signal });
  },
};
