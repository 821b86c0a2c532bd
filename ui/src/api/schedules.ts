// Calls of the schedule routes (`/api/v1/schedules`); their types are aliases of the schemas generated
// from the gateway's OpenAPI document (schema.gen.ts, `npm run api:generate`).
import { request } from './client';
import type { components } from './schema.gen';
import type { ExportConfig, ExportRequest } from './types';

type Schemas = components['schemas'];

export const SCHEDULES_BASE = '/api/v1/schedules';

export type Schedule = Omit<Schemas['Schedule'], 'export'> & { export: ExportConfig }; // issue16
export type ScheduleMode = Schedule['mode'];
export type Misfire = Schedule['misfire'];
export type ScheduleRun = Schemas['ScheduleRun'];
export type RunTrigger = ScheduleRun['trigger'];
export type RunStatus = ScheduleRun['status'];
/** Body of POST /api/v1/schedules and PUT /api/v1/schedules/{id} (PUT replaces the whole schedule). */
export type ScheduleRequest = Omit<Schemas['ScheduleRequest'], 'export'> & { export: ExportRequest }; // issue16
/** The export a schedule makes: the fields of POST /api/v1/export without dates and webhook. */
export type ScheduleExport = Omit<ExportRequest, 'start_date' | 'end_date' | 'webhook'>;
export type ScheduleList = Schemas['PageSchedule'];
export type ScheduleRunList = Schemas['PageScheduleRun'];
export type StartedRun = Schemas['ScheduleRunStarted'];
export type BackfillRequest = Schemas['BackfillRequest'];
export type BackfillResult = Schemas['BackfillStarted'];
export type NextFireTimes = Schemas['NextFireTimes'];
export type DeletedSchedule = Schemas['DeletedSchedule'];

const id = (scheduleId: string) => `/${encodeURIComponent(scheduleId)}`;
const base = SCHEDULES_BASE;

export const scheduleApi = {
  list: (limit: number, offset: number) => request<ScheduleList>(`?limit=${limit}&offset=${offset}`, { base }),
  get: (scheduleId: string) => request<Schedule>(id(scheduleId), { base }),
  create: (body: ScheduleRequest) => request<Schedule>('', { base, method: 'POST', body }),
  update: (scheduleId: string, body: ScheduleRequest) =>
    request<Schedule>(id(scheduleId), { base, method: 'PUT', body }),
  remove: (scheduleId: string) => request<DeletedSchedule>(id(scheduleId), { base, method: 'DELETE' }),
  pause: (scheduleId: string) => request<Schedule>(`${id(scheduleId)}/pause`, { base, method: 'POST' }),
  resume: (scheduleId: string) => request<Schedule>(`${id(scheduleId)}/resume`, { base, method: 'POST' }),
  runNow: (scheduleId: string) => request<StartedRun>(`${id(scheduleId)}/run`, { base, method: 'POST' }),
  backfill: (scheduleId: string, body: BackfillRequest) =>
    request<BackfillResult>(`${id(scheduleId)}/backfill`, { base, method: 'POST', body }),
  runs: (scheduleId: string, limit: number, offset: number) =>
    request<ScheduleRunList>(`${id(scheduleId)}/runs?limit=${limit}&offset=${offset}`, { base }),
  nextFireTimes: (cron: string, timezone: string, count = 5, signal?: AbortSignal) => {
    const params = new URLSearchParams({ cron, timezone, count: String(count) });
    return request<NextFireTimes>(`/next-fire-times?${params.toString()}`, { base, signal });
  },
};
