// Hand-written types of issue 16's request fields and routes (design16.md), until the gateway's
// OpenAPI document has them. After the backend is merged and `npm run api:generate` has run, each
// alias here can point at its generated schema (names in the comments) and this file can go.
//
// The generated aliases in types.ts and schedules.ts that carry these fields are marked `issue16`.
import { request } from './client';

/** A column's type as `GET /api/v1/datasets` reports it. Generated: `DatasetColumn['type']`. */
export type ColumnType = 'integer' | 'number' | 'text' | 'timestamp' | 'boolean' | 'inet' | 'json';

export const FILTER_OPERATORS = [
  'eq',
  'ne',
  'in',
  'not_in',
  'gt',
  'gte',
  'lt',
  'lte',
  'prefix',
  'contains',
  'is_null',
  'within',
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Generated: `DatasetColumn`. */
export interface DatasetColumn {
  name: string;
  type: ColumnType;
  filter_operators: FilterOperator[];
  /** JSON columns: the operators on a dotted path into it (`column.key.key`); empty for other types */
  path_operators?: FilterOperator[];
}

/** One entry of `GET /api/v1/datasets`. Generated: `Dataset`. */
export interface Dataset {
  name: string;
  time_column?: string;
  id_column?: string;
  columns: DatasetColumn[];
}

/** Generated: `DatasetList`. */
export interface DatasetList {
  items: Dataset[];
}

/** A scalar a filter compares with. */
export type FilterScalar = string | number | boolean;
/** `{op: value, ...}`; all must hold. */
export type ConditionObject = Partial<Record<FilterOperator, FilterScalar | FilterScalar[]>>;
/** A scalar (eq), an array (in) or an operator object. */
export type FilterCondition = FilterScalar | FilterScalar[] | ConditionObject;
/**
 * `filters` of a request: per type `{"logs": {"level": {...}}}`, or flat `{"level": ...}` (every requested type
 * that has the column); the two forms can be mixed.
 */
export type Filters = Record<string, FilterCondition | Record<string, FilterCondition>>;

export type Codec = 'none' | 'gzip' | 'zstd';
/** `compression`: booleans are the older form (true = gzip). */
export type Compression = boolean | Codec;

/** Generated: `Encryption`. */
export interface Encryption {
  type: 'openpgp';
  /** key ids, full fingerprints or 16-hex key ids of the caller's keys */
  recipients: string[];
}

/** Issue 16's request fields, beside the generated ones (also the config echo: each as it was sent). */
export interface ExportRequestFields16 {
  /** {@link Filters}; read back as unknown, as the generated schema has it */
  filters?: Record<string, unknown>;
  compression?: Compression;
  compression_level?: number | null;
  csv_escape_formulas?: boolean;
  encryption?: Encryption | null;
  /** per data type, its steps (the new ops included) */
  transformations?: Record<string, TransformStep16[]>;
}

/** One transformation step: `{op, ...args}`. Generated: `TransformStep`. */
export type TransformStep16 = { op: TransformOp16 } & { [arg: string]: unknown };

/** A generated request or config schema with issue 16's fields. */
export type With16<T> = Omit<T, keyof ExportRequestFields16> & ExportRequestFields16;

/** The transformation ops, issue 16's new ones included. Generated: `TransformStep['op']`. */
export type TransformOp16 =
  | 'fields'
  | 'rename'
  | 'drop'
  | 'mask_ip'
  | 'hash'
  | 'truncate'
  | 'extract'
  | 'timestamp_format'
  | 'concat'
  | 'map'
  | 'coalesce'
  | 'case'
  | 'regex_replace'
  | 'cast';

/** One OpenPGP public key (`/api/v1/keys`). Generated: `PublicKey`. */
export interface PublicKey {
  id: string;
  name?: string | null;
  fingerprint: string;
  key_id: string;
  user_ids?: string[];
  algorithm?: string;
  created_at?: string;
  expires_at?: string | null;
}

/** Generated: `PagePublicKey`. */
export interface PublicKeyList {
  items: PublicKey[];
  total: number;
  limit?: number;
  offset?: number;
}

export const DATASETS_BASE = '/api/v1/datasets';
export const KEYS_BASE = '/api/v1/keys';

export const datasetsApi = {
  list: () => request<DatasetList>('', { base: DATASETS_BASE }),
};

export const keysApi = {
  list: (limit = 100, offset = 0) => request<PublicKeyList>(`?limit=${limit}&offset=${offset}`, { base: KEYS_BASE }),
  create: (body: { public_key: string; name?: string }) =>
    request<PublicKey>('', { base: KEYS_BASE, method: 'POST', body }),
  remove: (id: string) => request<unknown>(`/${encodeURIComponent(id)}`, { base: KEYS_BASE, method: 'DELETE' }),
};
