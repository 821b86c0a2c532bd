import dayjs, { type Dayjs } from 'dayjs';
import type { Misfire, Schedule, ScheduleExport, ScheduleMode, ScheduleRequest } from '../../api/schedules';
import {
  buildExportRequest,
  DEFAULT_FORM_VALUES,
  formFieldFor,
  formValuesFromRequest,
  type ExportFormValues,
} from '../new-export/buildExportRequest';

/**
 * The schedule form's values: the schedule's own fields and, under the New Export form's names, the
 * export it makes (without a date range: the schedule decides which rows each run reads).
 */
export interface ScheduleFormValues extends Omit<ExportFormValues, 'date_range'> {
  name?: string;
  cron?: string;
  timezone?: string;
  mode?: ScheduleMode;
  /** ISO-8601 duration; window mode only */
  window?: string;
  /** ISO-8601 duration */
  lag?: string;
  misfire?: Misfire;
  /** incremental mode only: lower bound of the time column */
  start_date?: Dayjs | null;
  webhook_url?: string;
  webhook_secret?: string;
  enabled?: boolean;
}

export const DEFAULT_TIMEZONE = 'UTC';

const { date_range: _noDates, ...exportDefaults } = DEFAULT_FORM_VALUES;

export const DEFAULT_SCHEDULE_VALUES: ScheduleFormValues = {
  ...exportDefaults,
  timezone: DEFAULT_TIMEZONE,
  mode: 'window',
  window: 'P1D',
  misfire: 'run_once',
  enabled: true,
  transformations: [],
};

/** Which mode-dependent fields the form shows: window in window mode, start date in incremental. */
export function modeFields(mode: ScheduleMode | undefined): { window: boolean; start_date: boolean } {
  return { window: mode !== 'incremental', start_date: mode === 'incremental' };
}

/** An ISO-8601 duration such as P1D, PT15M or P1DT2H (the server decides what it accepts). */
export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/i;

const text = (v: string | null | undefined) => (v ?? '').trim();

/** The body of POST /api/v1/schedules and PUT /api/v1/schedules/{id}; `kept` adds export fields the form does not show. */
export function buildScheduleRequest(values: ScheduleFormValues, kept: Partial<ScheduleExport> = {}): ScheduleRequest {
  const mode = values.mode ?? 'window';
  const { start_date: _start, end_date: _end, ...exportBody } = buildExportRequest({ ...values, date_range: null });
  const body: ScheduleRequest = {
    name: text(values.name),
    cron: text(values.cron).replace(/\s+/g, ' '),
    timezone: values.timezone || DEFAULT_TIMEZONE,
    mode,
    misfire: values.misfire ?? 'run_once',
    export: { ...kept, ...exportBody },
    enabled: values.enabled ?? true,
  };
  const shown = modeFields(mode);
  if (shown.window && text(values.window)) body.window = text(values.window).toUpperCase();
  if (text(values.lag)) body.lag = text(values.lag).toUpperCase();
  if (shown.start_date && values.start_date) body.start_date = values.start_date.toISOString();
  const url = text(values.webhook_url);
  if (url) {
    body.webhook = { url };
    const secret = values.webhook_secret ?? '';
    if (secret.length > 0) body.webhook.secret = secret;
  }
  return body;
}

/** A stored schedule → form values (for editing). The webhook secret is never shown by the API. */
export function scheduleFormValues(schedule: Schedule): ScheduleFormValues {
  const { date_range: _noDates, ...exportValues } = formValuesFromRequest(schedule.export);
  return {
    ...exportValues,
    name: schedule.name,
    cron: schedule.cron,
    timezone: schedule.timezone || DEFAULT_TIMEZONE,
    mode: schedule.mode,
    window: schedule.window ?? undefined,
    lag: schedule.lag ?? undefined,
    misfire: schedule.misfire ?? 'run_once',
    start_date: schedule.start_date ? dayjs(schedule.start_date) : null,
    webhook_url: schedule.webhook?.url ?? undefined,
    webhook_secret: undefined,
    enabled: schedule.enabled,
  };
}

const SCHEDULE_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'cron',
  'timezone',
  'mode',
  'window',
  'lag',
  'misfire',
  'start_date',
  'enabled',
]);

/**
 * Maps an API field name from a problem+json `errors` entry ("cron", "webhook.url",
 * "export.batch_size") to the form field that shows it; null for those the error alert shows.
 */
export function scheduleFieldFor(apiField: string): keyof ScheduleFormValues | null {
  if (SCHEDULE_FIELDS.has(apiField)) return apiField as keyof ScheduleFormValues;
  if (apiField === 'webhook.url' || apiField === 'webhook') return 'webhook_url';
  if (apiField === 'webhook.secret') return 'webhook_secret';
  if (apiField.startsWith('export.')) {
    const field = apiField.slice('export.'.length);
    // dates are refused in a schedule's export and the form has none to show it on
    if (field.startsWith('start_date') || field.startsWith('end_date')) return null;
    const name = formFieldFor(field);
    return name === 'date_range' ? null : name;
  }
  return null;
}

/** All IANA time zones the browser knows, UTC first. */
export function timeZones(): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return [DEFAULT_TIMEZONE, ...zones.filter((z) => z !== DEFAULT_TIMEZONE)];
}

/** An instant as local date and time in `zone` with the zone's offset: "2026-11-30 02:00 GMT+1". */
export function formatInZone(instant: string, zone: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
      timeZoneName: 'shortOffset',
    }).formatToParts(date);
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('weekday')} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get(
      'timeZoneName',
    )}`;
  } catch {
    return instant;
  }
}
