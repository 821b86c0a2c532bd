import type {
  ColumnType,
  ConditionObject,
  Dataset,
  DatasetColumn,
  FilterCondition,
  FilterOperator,
  Filters,
  FilterScalar,
} from '../../api/issue16';
import { FILTER_OPERATORS } from '../../api/issue16';

/**
 * One row of a data type's filter builder: a column (a JSON column with an optional dotted path below it),
 * an operator and a value. The value is kept in the form as the API takes it: a number for numeric
 * columns, an ISO-8601 string for timestamps, a boolean for booleans and `is_null`, an array for `in`/`not_in`.
 */
export interface FilterRow {
  column?: string;
  /** JSON columns: the path below the column, e.g. "user.id" for `metadata.user.id` */
  path?: string;
  /** JSON paths: how the value compares (the server compares as text unless it is a number or boolean) */
  kind?: JsonKind;
  op?: FilterOperator;
  value?: unknown;
}

export type JsonKind = 'text' | 'number' | 'boolean';
/** What a row's value is checked against: the column's type, or for a JSON path its kind. */
export type ValueType = ColumnType;

/** The filter rows of the form, per data type. */
export type FilterGroups = Record<string, FilterRow[]>;

const NUMERIC_OPS: FilterOperator[] = ['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null'];
const TEXT_OPS: FilterOperator[] = FILTER_OPERATORS.filter((op) => op !== 'within');
const BOOLEAN_OPS: FilterOperator[] = ['eq', 'ne', 'in', 'not_in', 'is_null'];

/** The operators of each type (design16.md), for columns the server lists without them. */
export const TYPE_OPERATORS: Record<ColumnType, FilterOperator[]> = {
  integer: NUMERIC_OPS,
  number: NUMERIC_OPS,
  timestamp: NUMERIC_OPS,
  text: TEXT_OPS,
  boolean: BOOLEAN_OPS,
  inet: ['eq', 'ne', 'in', 'not_in', 'is_null', 'within'],
  json: ['is_null'],
};

export const OPERATOR_LABELS: Record<FilterOperator, string> = {
  eq: '=',
  ne: '≠',
  in: 'in',
  not_in: 'not in',
  gt: '>',
  gte: '≥',
  lt: '<',
  lte: '≤',
  prefix: 'starts with',
  contains: 'contains',
  is_null: 'is null',
  within: 'within (CIDR)',
};

const col = (name: string, type: ColumnType): DatasetColumn => ({
  name,
  type,
  filter_operators: TYPE_OPERATORS[type],
  path_operators: type === 'json' ? TEXT_OPS : [],
});

/** The demo data types' columns, used until (or when) `GET /api/v1/datasets` answers. */
export const FALLBACK_DATASETS: Dataset[] = [
  {
    name: 'logs',
    time_column: 'timestamp',
    id_column: 'id',
    columns: [
      col('id', 'integer'),
      col('timestamp', 'timestamp'),
      col('host', 'text'),
      col('process', 'text'),
      col('pid', 'integer'),
      col('level', 'text'),
      col('message', 'text'),
      col('source_ip', 'inet'),
      col('metadata', 'json'),
    ],
  },
  {
    name: 'anomalies',
    time_column: 'detected_at',
    id_column: 'id',
    columns: [
      col('id', 'integer'),
      col('detected_at', 'timestamp'),
      col('log_id', 'integer'),
      col('process', 'text'),
      col('anomaly_type', 'text'),
      col('score', 'number'),
      col('severity', 'text'),
      col('details', 'json'),
    ],
  },
  {
    name: 'ips',
    time_column: 'last_seen',
    id_column: 'id',
    columns: [
      col('id', 'integer'),
      col('ip', 'inet'),
      col('first_seen', 'timestamp'),
      col('last_seen', 'timestamp'),
      col('request_count', 'integer'),
      col('country', 'text'),
      col('asn', 'integer'),
      col('reputation', 'text'),
      col('metadata', 'json'),
    ],
  },
];

export function columnOf(datasets: Dataset[], type: string, column: string | undefined): DatasetColumn | undefined {
  return datasets.find((d) => d.name === type)?.columns.find((c) => c.name === column);
}

/** The type a row's value is checked against (a JSON column without a path: only `is_null`). */
export function valueTypeOf(column: DatasetColumn | undefined, row: FilterRow | undefined): ValueType | undefined {
  if (!column) return undefined;
  if (column.type !== 'json' || !row?.path?.trim()) return column.type;
  return row.kind === 'number' ? 'number' : row.kind === 'boolean' ? 'boolean' : 'text';
}

/** The operators a row can use: the column's (as the server lists them), a JSON path's by its kind. */
export function operatorsFor(column: DatasetColumn | undefined, row: FilterRow | undefined): FilterOperator[] {
  if (!column) return [];
  if (column.type === 'json') {
    if (!row?.path?.trim()) return ['is_null'];
    const kind = valueTypeOf(column, row)!;
    const byKind = kind === 'text' ? TEXT_OPS : TYPE_OPERATORS[kind];
    return column.path_operators?.length ? byKind.filter((op) => column.path_operators!.includes(op)) : byKind;
  }
  return column.filter_operators?.length ? column.filter_operators : TYPE_OPERATORS[column.type];
}

export const isListOp = (op: FilterOperator | undefined) => op === 'in' || op === 'not_in';

/** How an operator's value is entered: a switch, a list, CIDR text, or one value of the column's type. */
export function valueShape(op: FilterOperator | undefined): 'flag' | 'list' | 'cidr' | 'single' {
  if (op === 'is_null') return 'flag';
  if (isListOp(op)) return 'list';
  if (op === 'within') return 'cidr';
  return 'single';
}

/** The value a row starts with when its operator is chosen. */
export function initialValue(op: FilterOperator | undefined): unknown {
  const shape = valueShape(op);
  return shape === 'flag' ? true : shape === 'list' ? [] : undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:]*:[0-9a-f:.]*$/i;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

export function isIpAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  // IPv6: hex groups and colons (possibly an embedded IPv4 tail), at most one "::"
  if (!IPV6.test(text) || (text.match(/::/g) ?? []).length > 1) return false;
  const tail = text.slice(text.lastIndexOf(':') + 1);
  if (tail.includes('.')) return IPV4.test(tail);
  return text.split(':').every((g) => g.length <= 4);
}

/** An IPv4 or IPv6 network: "10.0.0.0/8", "2001:db8::/32". */
export function isCidr(text: string): boolean {
  const m = /^([^/\s]+)\/(\d{1,3})$/.exec(text.trim());
  if (!m || !isIpAddress(m[1])) return false;
  return Number(m[2]) <= (IPV4.test(m[1]) ? 32 : 128);
}

/** An ISO-8601 date-time with an offset (the server refuses one without). */
export function isTimestamp(text: string): boolean {
  return ISO_WITH_OFFSET.test(text.trim()) && !Number.isNaN(Date.parse(text.trim()));
}

/** Why one value does not fit the type, or null. */
export function scalarProblem(type: ValueType, value: unknown): string | null {
  switch (type) {
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : 'Enter a whole number';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'Enter a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Choose true or false';
    case 'timestamp':
      return typeof value === 'string' && isTimestamp(value)
        ? null
        : 'Enter a date and time with an offset, e.g. 2024-03-03T00:00:00Z';
    case 'inet':
      return typeof value === 'string' && isIpAddress(value.trim()) ? null : 'Enter an IP address';
    default:
      return typeof value === 'string' && value.length > 0 ? null : 'Enter a value';
  }
}

export const MAX_LIST_VALUES = 1000;

/** Why a row's value does not fit its operator and type, or null (nothing to say while the row is incomplete). */
export function valueProblem(
  type: ValueType | undefined,
  op: FilterOperator | undefined,
  value: unknown,
): string | null {
  if (!type || !op) return null;
  switch (valueShape(op)) {
    case 'flag':
      return typeof value === 'boolean' ? null : 'Choose whether the value is null';
    case 'cidr':
      return typeof value === 'string' && isCidr(value) ? null : 'Enter a network in CIDR form, e.g. 10.0.0.0/8';
    case 'list': {
      if (!Array.isArray(value) || value.length === 0) return 'Enter at least one value';
      if (value.length > MAX_LIST_VALUES) return `At most ${MAX_LIST_VALUES} values`;
      for (const v of value) {
        const problem = scalarProblem(type, v);
        if (problem) return `${JSON.stringify(v)}: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`;
      }
      return null;
    }
    default:
      return scalarProblem(type, value);
  }
}

/** A list entry typed in as text → the value sent for a column of this type (left as text when it does not parse). */
export function parseListEntry(type: ValueType | undefined, text: string): FilterScalar {
  const t = text.trim();
  if ((type === 'integer' || type === 'number') && t !== '' && !Number.isNaN(Number(t))) return Number(t);
  if (type === 'boolean' && (t === 'true' || t === 'false')) return t === 'true';
  return t;
}

/** The key a row's condition sits under: the column, or `column.path` for a JSON path. */
export function filterKey(row: FilterRow): string | null {
  const column = row.column?.trim();
  if (!column) return null;
  const path = row.path?.trim().replace(/^\.+|\.+$/g, '');
  return path ? `${column}.${path}` : column;
}

const isComplete = (row: FilterRow | undefined): row is FilterRow =>
  !!row && !!filterKey(row) && !!row.op && row.value !== undefined && row.value !== null && row.value !== '';

/**
 * Rows of one data type with the same key and operator as an earlier row (each key has one operator object,
 * so the later row would replace the earlier's value): their indexes.
 */
export function duplicateRows(rows: (FilterRow | undefined)[] | undefined): Set<number> {
  const seen = new Set<string>();
  const dups = new Set<number>();
  (rows ?? []).forEach((row, i) => {
    const key = row && filterKey(row);
    if (!key || !row.op) return;
    const id = `${key}\u0000${row.op}`;
    if (seen.has(id)) dups.add(i);
    seen.add(id);
  });
  return dups;
}

/**
 * The form's filter rows → the request's per-type `filters` (`{"logs": {"level": {"in": [...]}}}`): rows on the
 * same column merge into one operator object. Incomplete rows and data types not requested are left out;
 * undefined when nothing is left.
 */
export function buildFilters(groups: FilterGroups | null | undefined, dataTypes: string[]): Filters | undefined {
  const out: Record<string, Record<string, ConditionObject>> = {};
  for (const type of dataTypes) {
    for (const row of groups?.[type] ?? []) {
      if (!isComplete(row)) continue;
      const key = filterKey(row)!;
      const value = Array.isArray(row.value) ? [...(row.value as FilterScalar[])] : (row.value as FilterScalar);
      ((out[type] ??= {})[key] ??= {})[row.op!] = value;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** One condition (scalar = eq, array = in, or an operator object) → rows for `key`. */
function rowsOfCondition(key: string, condition: unknown): FilterRow[] {
  const dot = key.indexOf('.');
  const column = dot < 0 ? key : key.slice(0, dot);
  const path = dot < 0 ? undefined : key.slice(dot + 1);
  const entries: [FilterOperator, unknown][] = isPlainObject(condition)
    ? (Object.entries(condition) as [FilterOperator, unknown][])
    : [[Array.isArray(condition) ? 'in' : 'eq', condition]];
  return entries.map(([op, value]) => {
    const row: FilterRow = { column, op, value: Array.isArray(value) ? [...value] : value };
    if (path) {
      row.path = path;
      const sample = Array.isArray(value) ? value[0] : value;
      row.kind =
        op === 'is_null'
          ? 'text'
          : typeof sample === 'number'
            ? 'number'
            : typeof sample === 'boolean'
              ? 'boolean'
              : 'text';
    }
    return row;
  });
}

/**
 * The inverse of {@link buildFilters} for a stored request's `filters`, both forms: a key naming a data type
 * holds that type's conditions; any other key is a column (or `column.path`) applying to every requested type
 * that has that column, as the server reads it. A flat column none of them is known to have goes to all of them.
 */
export function filterGroupsFromRequest(
  filters: Record<string, unknown> | null | undefined,
  dataTypes: string[],
  datasets: Dataset[],
): FilterGroups {
  const groups: FilterGroups = {};
  const typeNames = new Set([...datasets.map((d) => d.name), ...dataTypes]);
  const add = (type: string, rows: FilterRow[]) => (groups[type] ??= []).push(...rows);
  for (const [key, condition] of Object.entries(filters ?? {})) {
    if (typeNames.has(key) && isPlainObject(condition)) {
      for (const [column, c] of Object.entries(condition)) add(key, rowsOfCondition(column, c as FilterCondition));
      continue;
    }
    const column = key.split('.')[0];
    const known = (type: string) => datasets.find((d) => d.name === type);
    const having = dataTypes.filter((t) => !known(t) || known(t)!.columns.some((c) => c.name === column));
    for (const type of having.length ? having : dataTypes) add(type, rowsOfCondition(key, condition));
  }
  return groups;
}

/** "level in ERROR, WARN; pid > 100" for one type's conditions (the export page's summary). */
export function describeConditions(conditions: Record<string, unknown>): string {
  const parts: string[] = [];
  const show = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x)).join(', ') : String(v));
  for (const [key, condition] of Object.entries(conditions)) {
    for (const row of rowsOfCondition(key, condition)) {
      const k = filterKey(row)!;
      if (row.op === 'is_null') parts.push(`${k} ${row.value ? 'is null' : 'is not null'}`);
      else parts.push(`${k} ${OPERATOR_LABELS[row.op!] ?? row.op} ${show(row.value)}`);
    }
  }
  return parts.join('; ');
}

/**
 * The stored `filters` as lines for display: per data type its conditions; flat keys under "all types".
 */
export function describeFilters(filters: Record<string, unknown> | null | undefined, dataTypes: string[]): string[] {
  const lines: string[] = [];
  const flat: Record<string, unknown> = {};
  for (const [key, condition] of Object.entries(filters ?? {})) {
    if (dataTypes.includes(key) && isPlainObject(condition)) lines.push(`${key}: ${describeConditions(condition)}`);
    else flat[key] = condition;
  }
  if (Object.keys(flat).length) lines.unshift(`all types: ${describeConditions(flat)}`);
  return lines;
}

/**
 * The form fields a problem document's `filters.<type>.<column>` error belongs to: the value of each row of that
 * type on that column (or JSON path). Empty when it names none of them (the flat form's `filters.<column>`).
 */
export function filterErrorPaths(apiField: string, groups: FilterGroups | null | undefined): (string | number)[][] {
  const m = /^filters\.([^.[\]]+)\.(.+)$/.exec(apiField.replace(/\[\d+\]$/, ''));
  if (!m) return [];
  const [, type, rest] = m;
  const paths: (string | number)[][] = [];
  (groups?.[type] ?? []).forEach((row, i) => {
    const key = row && filterKey(row);
    if (!key) return;
    // the field may go on to name the operator: filters.logs.pid.gte
    if (rest === key || (rest.startsWith(`${key}.`) && rest.slice(key.length + 1) === row.op)) {
      paths.push(['filters', type, i, 'value']);
    }
  });
  return paths;
}
