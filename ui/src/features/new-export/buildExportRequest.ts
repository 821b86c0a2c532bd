import dayjs, { type Dayjs } from 'dayjs';
import type { Dataset, Encryption } from '../../api/issue16';
import type { Codec17 } from '../../api/issue17';
import {
  buildDatasetFields,
  datasetValuesFromRequest,
  DEFAULT_DATASET_VALUES,
  type DatasetFormValues,
} from './dataset';
import { buildFilters, filterGroupsFromRequest, type FilterGroups } from './filters';
import { knownDatasets } from './useDatasets';
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
  /** rename: the new name; concat, coalesce: the output column; case: lower|upper; cast: the target type */
  to?: string;
  /** concat */
  separator?: string;
  /** map: `key=value` lines or a JSON object */
  values?: string;
  /** map: the value of keys not listed (empty: the value is kept) */
  default?: string;
  /** regex_replace (RE2 syntax) */
  pattern?: string;
  replacement?: string;
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
  { value: 'concat', label: 'concat' },
  { value: 'map', label: 'map values' },
  { value: 'coalesce', label: 'coalesce' },
  { value: 'case', label: 'case' },
  { value: 'regex_replace', label: 'regex replace' },
  { value: 'cast', label: 'cast' },
];

/** Ops that take a single `field`. */
export const SINGLE_FIELD_OPS: ReadonlySet<string> = new Set([
  'rename',
  'mask_ip',
  'hash',
  'truncate',
  'extract',
  'map',
  'case',
  'regex_replace',
  'cast',
]);

/**
 * A map step's values as typed: a JSON object, or `key=value` lines (split at the first `=`; blank lines
 * skipped). Throws with a message fit for the form when neither.
 */
export function parseMapValues(text: string | null | undefined): Record<string, unknown> {
  const t = (text ?? '').trim();
  if (t.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      throw new Error('Not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('Not a JSON object');
    return parsed as Record<string, unknown>;
  }
  const out: Record<string, unknown> = {};
  for (const [i, line] of t.split(/\r?\n/).entries()) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`Line ${i + 1}: write key=value`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  if (Object.keys(out).length === 0) throw new Error('List at least one key=value');
  return out;
}

/** A map step's values for the form: `key=value` lines when they say it exactly, else JSON. */
export function formatMapValues(values: unknown): string | undefined {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return undefined;
  const entries = Object.entries(values);
  const plain = entries.every(
    ([k, v]) =>
      typeof v === 'string' && k === k.trim() && k !== '' && !/[=\n\r]/.test(k) && v === v.trim() && !/[\n\r]/.test(v),
  );
  return plain ? entries.map(([k, v]) => `${k}=${v as string}`).join('\n') : JSON.stringify(values, null, 2);
}

export interface ExportFormValues extends DatasetFormValues {
  date_range?: [Dayjs | null, Dayjs | null] | null;
  data_types?: string[];
  processes?: string | null;
  batch_size?: number | null;
  include_metadata?: boolean;
  validation_level?: ValidationLevel;
  output_format?: OutputFormat;
  /** snappy: Parquet only (its default page codec) */
  compression?: Codec17;
  /** gzip 1-9, zstd 1-19; empty: the codec's default */
  compression_level?: number | null;
  /** CSV only */
  csv_escape_formulas?: boolean;
  filters?: FilterGroups;
  /** OpenPGP: encrypt to the `recipients` (ids of the user's public keys) */
  encrypt?: boolean;
  recipients?: string[];
  transformations?: TransformRow[];
}

/** The codecs and their level ranges. */
export const CODECS: { value: Codec17; label: string; levels?: [number, number] }[] = [
  { value: 'none', label: 'None' },
  { value: 'gzip', label: 'gzip', levels: [1, 9] },
  { value: 'zstd', label: 'zstd', levels: [1, 19] },
];

/** Parquet compresses its pages: snappy by default, zstd, gzip or none (uncompressed pages). */
export const PARQUET_CODECS: { value: Codec17; label: string; levels?: [number, number] }[] = [
  { value: 'snappy', label: 'snappy' },
  { value: 'zstd', label: 'zstd', levels: [1, 19] },
  { value: 'gzip', label: 'gzip', levels: [1, 9] },
  { value: 'none', label: 'None (uncompressed pages)' },
];

/** The codecs an output format offers. */
export function codecsFor(format: OutputFormat | null | undefined) {
  return format === 'parquet' ? PARQUET_CODECS : CODECS;
}

/** Why a codec does not go with a format (the server's message), or null. */
export function compressionError(
  format: OutputFormat | null | undefined,
  codec: Codec17 | null | undefined,
): string | null {
  return codec === 'snappy' && format !== 'parquet' ? 'snappy is for parquet pages only' : null;
}

/**
 * `compression` as stored (older requests: a boolean, true = gzip) → the form's codec. Parquet without a codec
 * (absent or false) compresses its pages with snappy.
 */
export function codecOf(compression: boolean | Codec17 | null | undefined, format?: OutputFormat | null): Codec17 {
  if (compression === true) return 'gzip';
  if (compression === 'gzip' || compression === 'zstd' || compression === 'snappy') return compression;
  if (format === 'parquet' && compression !== 'none') return 'snappy';
  return 'none';
}

export const DEFAULT_FORM_VALUES: ExportFormValues = {
  data_types: [],
  processes: '',
  batch_size: 1000,
  include_metadata: true,
  validation_level: 'basic',
  output_format: 'json',
  compression: 'none',
  compression_level: null,
  csv_escape_formulas: false,
  filters: {},
  encrypt: false,
  recipients: [],
  ...DEFAULT_DATASET_VALUES,
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
    case 'concat':
      return { op: 'concat', fields: parseProcesses(row.fields), separator: row.separator, to: row.to?.trim() };
    case 'coalesce':
      return { op: 'coalesce', fields: parseProcesses(row.fields), to: row.to?.trim() };
    case 'map': {
      let values: Record<string, unknown> | undefined;
      try {
        values = parseMapValues(row.values);
      } catch {
        values = undefined; // the form refuses it first; the server names the field otherwise
      }
      const step: TransformStep = { op: 'map', field, values };
      if (row.default !== undefined && row.default !== null && row.default !== '') step.default = row.default;
      return step;
    }
    case 'case':
    case 'cast':
      return { op: row.op, field, to: row.to };
    case 'regex_replace':
      return { op: 'regex_replace', field, pattern: row.pattern, replacement: row.replacement ?? '' };
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
        case 'concat':
        case 'coalesce':
          row.fields = list('fields');
          row.separator = str('separator');
          row.to = str('to');
          break;
        case 'map':
          row.field = str('field');
          row.values = formatMapValues(s.values);
          row.default = s.default === undefined || s.default === null ? undefined : String(s.default);
          break;
        case 'case':
        case 'cast':
          row.field = str('field');
          // the issue's `case (field, lower|upper)` may arrive under the key `case`
          row.to = str('to') ?? str('case');
          break;
        case 'regex_replace':
          row.field = str('field');
          row.pattern = str('pattern');
          row.replacement = str('replacement');
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

/**
 * A saved export request (template config, schedule export) → form values. `datasets` tell which columns each
 * type has, so that flat filters go to the types that have their column.
 */
export function formValuesFromRequest(
  config: Partial<ExportRequest> | null | undefined,
  datasets: Dataset[] = knownDatasets(),
): ExportFormValues {
  const c = config ?? {};
  const dataTypes = [...(c.data_types ?? [])];
  const recipients = c.encryption?.recipients ?? [];
  const start = c.start_date ? dayjs(c.start_date) : null;
  const end = c.end_date ? dayjs(c.end_date) : null;
  return {
    date_range: start || end ? [start, end] : null,
    data_types: dataTypes,
    processes: (c.processes ?? []).join(', '),
    batch_size: c.batch_size ?? DEFAULT_FORM_VALUES.batch_size,
    include_metadata: c.include_metadata ?? true,
    validation_level: c.validation_level ?? 'basic',
    output_format: c.output_format ?? 'json',
    compression: codecOf(c.compression, c.output_format),
    compression_level: typeof c.compression_level === 'number' ? c.compression_level : null,
    csv_escape_formulas: c.csv_escape_formulas === true,
    filters: filterGroupsFromRequest(c.filters, dataTypes, datasets),
    encrypt: recipients.length > 0,
    recipients: [...recipients],
    transformations: rowsFromTransformations(c.transformations),
    ...datasetValuesFromRequest(c),
  };
}

/** The encryption a form asks for, or undefined. */
function encryptionOf(values: ExportFormValues): Encryption | undefined {
  const recipients = (values.recipients ?? []).filter((r) => r && r.trim());
  return values.encrypt && recipients.length > 0 ? { type: 'openpgp', recipients } : undefined;
}

/** Turns the New export form values into the body of POST /api/v1/export/ (and /estimate). */
export function buildExportRequest(values: ExportFormValues): ExportRequest {
  const body: ExportRequest = {
    data_types: [...(values.data_types ?? [])],
    batch_size: values.batch_size ?? DEFAULT_FORM_VALUES.batch_size!,
    include_metadata: values.include_metadata ?? true,
    validation_level: values.validation_level ?? 'basic',
    output_format: values.output_format ?? 'json',
    compression: values.compression ?? 'none',
  };
  const codec = body.compression;
  const levels = codecsFor(body.output_format).find((c) => c.value === codec)?.levels;
  if (levels && typeof values.compression_level === 'number') body.compression_level = values.compression_level;
  if (body.output_format === 'csv' && values.csv_escape_formulas) body.csv_escape_formulas = true;
  const encryption = encryptionOf(values);
  if (encryption) body.encryption = encryption;
  const [start, end] = values.date_range ?? [null, null];
  if (start) body.start_date = start.toISOString();
  if (end) body.end_date = end.toISOString();
  const processes = parseProcesses(values.processes);
  if (processes.length > 0) body.processes = processes;
  const filters = buildFilters(values.filters, body.data_types);
  if (filters) body.filters = filters;
  const transformations = buildTransformations(values.transformations, body.data_types);
  if (transformations) body.transformations = transformations;
  Object.assign(body, buildDatasetFields(values));
  return body;
}

/** The Dataset section's fields that show an API field error (`split_total`: under the ratios). */
const DATASET_ERROR_FIELDS = [
  'sample_fraction',
  'sample_rows',
  'sample_seed',
  'sample_key',
  'split_total',
  'split_key',
  'split_seed',
] as const;

/** Maps an API field name from a problem+json `errors` entry to the form field that shows it. */
export function formFieldFor(apiField: string): keyof ExportFormValues | null {
  // Step errors ("transformations.logs[0].field") go to the error alert with their path.
  if (apiField.startsWith('transformations') || apiField.startsWith('filters')) return null;
  // issue 17: sample.fraction → sample_fraction, split.ratios → the split's total, split.key → split_key
  // (one split's ratio, split.ratios.<name>, goes to the alert, which names the split)
  const nested = /^(sample|split)\.(\w+)$/.exec(apiField);
  if (nested) {
    const name = nested[2] === 'ratios' ? 'split_total' : `${nested[1]}_${nested[2]}`;
    return (DATASET_ERROR_FIELDS as readonly string[]).includes(name) ? (name as keyof ExportFormValues) : null;
  }
  if (apiField === 'max_file_size' || apiField === 'partition_by') return apiField;
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
    case 'compression_level':
    case 'csv_escape_formulas':
      return field;
    case 'encryption':
    case 'recipients':
    case 'type':
      return apiField.startsWith('encryption') ? 'recipients' : null;
    default:
      return null;
  }
}
