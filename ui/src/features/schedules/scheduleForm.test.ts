import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { ApiError } from '../../api/client';
import type { Schedule } from '../../api/schedules';
import {
  buildScheduleRequest,
  DEFAULT_SCHEDULE_VALUES,
  formatInZone,
  ISO_DURATION,
  modeFields,
  scheduleFieldFor,
  scheduleFormValues,
  timeZones,
} from './scheduleForm';
import { fireTimesError } from './useNextFireTimes';
import { backfillBody } from './BackfillForm';

const base = { ...DEFAULT_SCHEDULE_VALUES, name: ' nightly logs ', cron: ' 0  2 * * * ', data_types: ['logs'] };

describe('buildScheduleRequest', () => {
  it('sends a window schedule with the defaults and the export without dates', () => {
    expect(buildScheduleRequest(base)).toEqual({
      name: 'nightly logs',
      cron: '0 2 * * *',
      timezone: 'UTC',
      mode: 'window',
      window: 'P1D',
      misfire: 'run_once',
      enabled: true,
      export: {
        data_types: ['logs'],
        batch_size: 1000,
        include_metadata: true,
        validation_level: 'basic',
        output_format: 'json',
        compression: 'none',
      },
    });
  });

  it('leaves the window out in incremental mode and sends the start date there only', () => {
    const start = dayjs('2024-01-01T00:00:00Z');
    const incremental = buildScheduleRequest({ ...base, mode: 'incremental', window: 'P1D', start_date: start });
    expect(incremental.window).toBeUndefined();
    expect(incremental.start_date).toBe('2024-01-01T00:00:00.000Z');
    const windowed = buildScheduleRequest({ ...base, mode: 'window', start_date: start });
    expect(windowed.start_date).toBeUndefined();
    expect(windowed.window).toBe('P1D');
  });

  it('sends lag, zone, misfire and enabled as chosen', () => {
    const body = buildScheduleRequest({
      ...base,
      timezone: 'Europe/Berlin',
      lag: ' pt15m ',
      window: 'pt1h',
      misfire: 'skip',
      enabled: false,
    });
    expect(body).toMatchObject({
      timezone: 'Europe/Berlin',
      lag: 'PT15M',
      window: 'PT1H',
      misfire: 'skip',
      enabled: false,
    });
  });

  it('sends a webhook only with a URL, and its secret only when one is typed', () => {
    expect(buildScheduleRequest({ ...base, webhook_secret: 's3cret' }).webhook).toBeUndefined();
    expect(buildScheduleRequest({ ...base, webhook_url: ' https://example.com/h ' }).webhook).toEqual({
      url: 'https://example.com/h',
    });
    expect(
      buildScheduleRequest({ ...base, webhook_url: 'https://example.com/h', webhook_secret: ' s3cret' }).webhook,
    ).toEqual({ url: 'https://example.com/h', secret: ' s3cret' });
  });

  it('carries the export fields, processes and transformations of the selected types', () => {
    const body = buildScheduleRequest({
      ...base,
      data_types: ['logs'],
      processes: 'nginx, sshd',
      output_format: 'csv',
      compression: 'zstd',
      compression_level: 12,
      transformations: [
        { data_type: 'logs', op: 'hash', field: 'host' },
        { data_type: 'ips', op: 'hash', field: 'ip' },
      ],
    });
    expect(body.export).toMatchObject({
      processes: ['nginx', 'sshd'],
      output_format: 'csv',
      compression: 'zstd',
      compression_level: 12,
      transformations: { logs: [{ op: 'hash', field: 'host' }] },
    });
    expect('start_date' in body.export).toBe(false);
    expect('end_date' in body.export).toBe(false);
  });
});

describe('modeFields', () => {
  it('shows the window in window mode only and the start date in incremental mode only', () => {
    expect(modeFields('window')).toEqual({ window: true, start_date: false });
    expect(modeFields('incremental')).toEqual({ window: false, start_date: true });
    expect(modeFields(undefined)).toEqual({ window: true, start_date: false });
  });
});

/** A stored schedule as the API shows it (the export as an ExportConfig, every field present). */
const stored = (over: Partial<Schedule> = {}): Schedule => ({
  schedule_id: 'id',
  name: 'nightly logs',
  owner: 'alice',
  cron: '0 2 * * *',
  timezone: 'Europe/Berlin',
  mode: 'incremental',
  window: null,
  lag: 'PT5M',
  misfire: 'skip',
  export: {
    data_types: ['logs'],
    processes: ['nginx'],
    batch_size: 500,
    include_metadata: false,
    validation_level: 'strict',
    output_format: 'csv',
    compression: true,
    transformations: { logs: [{ op: 'hash', field: 'host' }] },
    filters: {},
    start_date: null,
    end_date: null,
  },
  webhook: { url: 'https://x.io', secret_set: true },
  enabled: false,
  start_date: '2024-01-01T00:00:00Z',
  next_run_at: null,
  last_run: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  ...over,
});

describe('scheduleFormValues', () => {
  it('fills the form so that saving it unchanged sends the schedule back (the secret is never shown)', () => {
    const values = scheduleFormValues(stored());
    expect(values.webhook_secret).toBeUndefined();
    expect(buildScheduleRequest(values)).toEqual({
      name: 'nightly logs',
      cron: '0 2 * * *',
      timezone: 'Europe/Berlin',
      mode: 'incremental',
      lag: 'PT5M',
      misfire: 'skip',
      enabled: false,
      start_date: '2024-01-01T00:00:00.000Z',
      webhook: { url: 'https://x.io' },
      export: {
        data_types: ['logs'],
        processes: ['nginx'],
        batch_size: 500,
        include_metadata: false,
        validation_level: 'strict',
        output_format: 'csv',
        compression: 'gzip',
        transformations: { logs: [{ op: 'hash', field: 'host' }] },
      },
    });
  });

  it('loads the filters into the builder and sends them back per data type', () => {
    const schedule = stored();
    schedule.export.filters = { host: { in: ['a'] } };
    const values = scheduleFormValues(schedule);
    expect(values.filters).toEqual({ logs: [{ column: 'host', op: 'in', value: ['a'] }] });
    expect(buildScheduleRequest(values).export.filters).toEqual({ logs: { host: { in: ['a'] } } });
  });
});

describe('scheduleFieldFor', () => {
  it('maps the API field names to the form fields', () => {
    expect(scheduleFieldFor('cron')).toBe('cron');
    expect(scheduleFieldFor('window')).toBe('window');
    expect(scheduleFieldFor('webhook.url')).toBe('webhook_url');
    expect(scheduleFieldFor('webhook.secret')).toBe('webhook_secret');
    expect(scheduleFieldFor('export.batch_size')).toBe('batch_size');
    expect(scheduleFieldFor('export.data_types[0]')).toBe('data_types');
    expect(scheduleFieldFor('export.start_date')).toBeNull();
    expect(scheduleFieldFor('export.transformations.logs[0].field')).toBeNull();
    expect(scheduleFieldFor('something_else')).toBeNull();
  });
});

describe('helpers', () => {
  it('recognises ISO-8601 durations', () => {
    for (const ok of ['P1D', 'PT15M', 'P1DT2H', 'PT0S', 'PT1.5S', 'p1w']) expect(ISO_DURATION.test(ok)).toBe(true);
    for (const bad of ['P', 'PT', '1D', 'P1H', 'PT1D', '15m']) expect(ISO_DURATION.test(bad)).toBe(false);
  });

  it('lists UTC first and once, then the IANA zones', () => {
    const zones = timeZones();
    expect(zones[0]).toBe('UTC');
    expect(zones.filter((z) => z === 'UTC')).toHaveLength(1);
    expect(zones).toContain('Europe/Berlin');
  });

  it('formats a fire time in the chosen zone with its offset', () => {
    expect(formatInZone('2026-11-30T01:00:00Z', 'Europe/Berlin')).toBe('Mon 2026-11-30 02:00 GMT+1');
    expect(formatInZone('2026-07-01T00:00:00Z', 'Europe/Berlin')).toBe('Wed 2026-07-01 02:00 GMT+2');
    // ICU versions write UTC's offset as GMT or GMT+0
    expect(formatInZone('2026-11-30T01:00:00Z', 'UTC')).toMatch(/^Mon 2026-11-30 01:00 GMT(\+0)?$/);
  });

  it('shows the cron field error of a refused next-fire-times call', () => {
    const problem = (errors: { field: string; message: string }[]) =>
      new ApiError(400, 'bad', { title: 'Bad', status: 400, errors } as never);
    expect(fireTimesError(problem([{ field: 'cron', message: 'expected 5 fields' }]))).toBe('expected 5 fields');
    expect(fireTimesError(problem([{ field: 'timezone', message: 'unknown zone' }]))).toBe('timezone: unknown zone');
    expect(fireTimesError(new Error('offline'))).toBe('offline');
  });

  it('builds the backfill body only from a complete range', () => {
    expect(backfillBody(null)).toBeNull();
    expect(backfillBody([dayjs('2024-01-01T00:00:00Z'), null])).toBeNull();
    expect(backfillBody([dayjs('2024-01-01T00:00:00Z'), dayjs('2024-01-08T00:00:00Z')])).toEqual({
      start_date: '2024-01-01T00:00:00.000Z',
      end_date: '2024-01-08T00:00:00.000Z',
    });
  });
});
