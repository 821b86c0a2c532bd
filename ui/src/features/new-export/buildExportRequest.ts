import dayjs, { type Dayjs } from 'dayjs';
import type {
  ExportRequest,
  OutputFormat,
  TransformOp,
  TransformStep,
  Transformations,
  ValidationLevel,
} from '../../api/types';

/** One row of the Transformations section of the form. Which arguments count depends on `op`. */
export interface TransformRow {
  data_type?: string;
  op?: TransformOp;
  /** Column the step works on (rename: the old name). */
  field?: string;
  /** Comma-separated columns: `fields`, `drop`, and optionally `timestamp_format`. */
  fields?: string;
  /** rename: the new name */
  to?: string;
  /** mask_ip: IPv4 prefix length 0..32 */
  prefix?: number | null;
  /** mask_ip: IPv6 prefix length 0..128 */
  prefix_v6?: number | null;
  /** truncate */
  max_length?: number | null;
  /** extract: JSON path ("$.user.id" or "/user/id") and the output column */
  path?: string;
  as?: string;
  /** timestamp_format */
  format?: 'iso8601' | 'epoch_millis';
}

export const TRANSFORM_OPS: { value: TransformOp; label: string }[] = [
  { value: 'fields', label: 'keep fields' },
  { value: 'rename', label: 'rename' },
  { value: 'drop', label: 'drop fields' },
  { value: 'mask_ip', label: 'mask IP' },
  { value: 'hash', label: 'hash' },
  { value: 'truncate', label: 'truncate' },
  { value: 'extract', label: 'extract JSON' },
  { value: 'timestamp_format', label: 'timestamp format' },
];

/** Ops that take a single `field`. */
export const SINGLE_FIELD_OPS: ReadonlySet<string> = new Set(['rename', 'mask_ip', 'hash', 'truncate', 'extract']);

export interface ExportFormValues {
  date_range?: [Dayjs | null, Dayjs | null] | null;
  data_types?: string[];
  processes?: string | null;
  batch_size?: number | null;
  include_metadata?: boolean;
  validation_level?: ValidationLevel;
  output_format?: OutputFormat;
  compression?: boolean;
  transformations?: TransformRow[];
}

export const DEFAULT_FORM_VALUES: ExportFormValues = {
  data_types: [],
  processes: '',
  batch_size: 1000,
  include_metadata: true,
  validation_level: 'basic',
  output_format: 'json',
  compression: false,
};

/** "nginx, sshd,,  " → ["nginx", "sshd"] */
export function parseProcesses(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

const isNum = (v: number | null | undefined): v is number => typeof v === 'number' && !Number.isNaN(v);

/** One form row → one API step (`null` for rows without a data type or operation). */
export function transformStep(row: TransformRow): TransformStep | null {
  if (!row.data_type || !row.op) return null;
  const field = row.field?.trim();
  switch (row.op) {
    case 'fields':
    case 'drop':
      return { op: row.op, fields: parseProcesses(row.fields) };
    case 'rename':
      return { op: 'rename', from: field, to: row.to?.trim() };
    case 'mask_ip': {
      const step: TransformStep = { op: 'mask_ip', field };
      if (isNum(row.prefix)) step.prefix = row.prefix;
      if (isNum(row.prefix_v6)) step.prefix_v6 = row.prefix_v6;
      return step;
    }
    case 'hash':
      return { op: 'hash', field };
    case 'truncate':
      return { op: 'truncate', field, max_length: row.max_length ?? undefined };
    case 'extract':
      return { op: 'extract', field, path: row.path?.trim(), as: row.as?.trim() };
    case 'timestamp_format': {
      const step: TransformStep = { op: 'timestamp_format', format: row.format ?? 'iso8601' };
      const fields = parseProcesses(row.fields);
      if (fields.length > 0) step.fields = fields;
      return step;
    }
    default:
      return null;
  }
}

/**
 * Form rows → the request's `transformations` object, steps in row order per data type. Rows for data
 * types that are not selected are left out. Returns undefined when there is nothing to send.
 */
export function buildTransformations(
  rows: TransformRow[] | null | undefined,
  dataTypes?: string[],
): Transformations | undefined {
  const out: Transformations = {};
  for (const row of rows ?? []) {
    if (!row) continue;
    const step = transformStep(row);
    if (!step || !row.data_type) continue;
    if (dataTypes && !dataTypes.includes(row.data_type)) continue;
    // Drop undefined arguments so the JSON stays clean.
    for (const k of Object.keys(step)) if (step[k] === undefined) delete step[k];
    (out[row.data_type] ??= []).push(step);
  }
  return Object.keys(out).length ? out : undefined;
}

/** The inverse of {@link buildTransformations}: API steps → form rows (for loading a template). */
export function rowsFromTransformations(t: Transformations | null | undefined): TransformRow[] {
  const rows: TransformRow[] = [];
  for (const [data_type, steps] of Object.entries(t ?? {})) {
    for (const s of steps ?? []) {
      const str = (k: string) => (typeof s[k] === 'string' ? (s[k] as string) : undefined);
      const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined);
      const list = (k: string) => (Array.isArray(s[k]) ? (s[k] as string[]).join(', ') : undefined);
      const row: TransformRow = { data_type, op: s.op };
      switch (s.op) {
        case 'fields':
        case 'drop':
          row.fields = list('fields');
          break;
        case 'rename':
          row.field = str('from');
          row.to = str('to');
          break;
        case 'mask_ip':
          row.field = str('field');
          row.prefix = num('prefix');
          row.prefix_v6 = num('prefix_v6');
          break;
        case 'truncate':
          row.field = str('field');
          row.max_length = num('max_length');
          break;
        case 'extract':
          row.field = str('field');
          row.path = str('path');
          row.as = str('as');
          break;
        case 'timestamp_format':
          row.format = str('format') as TransformRow['format'];
          row.fields = list('fields');
          break;
        default:
          row.field = str('field');
      }
      for (const k of Object.keys(row) as (keyof TransformRow)[]) if (row[k] === undefined) delete row[k];
      rows.push(row);
    }
  }
  return rows;
}

/** A saved export request (template config) → form values. */
export function formValuesFromRequest(config: Partial<ExportRequest> | null | undefined): ExportFormValues {
  const c = config ?? {};
  const start = c.start_date ? dayjs(c.start_date) : null;
  const end = c.end_date ? dayjs(c.end_date) : null;
  return {
    date_range: start || end ? [start, end] : null,
    data_types: [...(c.data_types ?? [])],
    processes: (c.processes ?? []).join(', '),
    batch_size: c.batch_size ?? DEFAULT_FORM_VALUES.batch_size,
    include_metadata: c.include_metadata ?? true,
    validation_level: c.validation_level ?? 'basic',
    output_format: c.output_format ?? 'json',
    compression: c.compression ?? false,
    transformations: rowsFromTransformations(c.transformations),
  };
}

/** Turns the New export form values into the body of POST /api/v1/export/ (and /estimate). */
export function buildExportRequest(values: ExportFormValues): ExportRequest {
  const body: ExportRequest = {
    data_types: [...(values.data_types ?? [])],
    batch_size: values.batch_size ?? DEFAULT_FORM_VALUES.batch_size!,
    include_metadata: values.include_metadata ?? true,
    validation_level: values.validation_level ?? 'basic',
    output_format: values.output_format ?? 'json',
    compression: values.compression ?? false,
  };
  const [start, end] = values.date_range ?? [null, null];
  if (start) body.start_date = start.toISOString();
  if (end) body.end_date = end.toISOString();
  const processes = parseProcesses(values.processes);
  if (processes.length > 0) body.processes = processes;
  const transformations = buildTransformations(values.transformations, body.data_types);
  if (transformations) body.transformations = transformations;
  return body;
}

/** Maps an API field name from a problem+json `errors` entry to the form field that shows it. */
export function formFieldFor(apiField: string): keyof ExportFormValues | null {
  // Step errors ("transformations.logs[0].field") go to the error alert with their path.
  if (apiField.startsWith('transformations')) return null;
  const field = apiField.replace(/\[\d+\]$/, '').replace(/^.*\./, '');
  switch (field) {
    case 'start_date':
    case 'end_date':
    case 'date_range':
      return 'date_range';
    case 'data_types':
    case 'processes':
    case 'batch_size':
    case 'include_metadata':
    case 'validation_level':
    case 'output_format':
    case 'compression':
      return field;
    default:
      return null;
  }
}
