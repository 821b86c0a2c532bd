// Hand-written types of issue 17's request fields and download listing (design17.md, sections 1
// and 7), until the gateway's OpenAPI document has them. After the backend is merged and
// `npm run api:generate` has run, each alias here can point at its generated schema and this file
// can go. The aliases in types.ts that carry these fields are marked `issue17`.
import type { Codec } from './issue16';

/** `output_format`, Parquet included. Generated: `ExportRequest['output_format']`. */
export type OutputFormat17 = 'json' | 'jsonl' | 'csv' | 'parquet';

/** `compression` as a codec name: `snappy` only with Parquet (its page codec). */
export type Codec17 = Codec | 'snappy';

/** `partition_by`: Hive-style folders by the time column, in UTC. */
export type PartitionBy = 'hour' | 'day' | 'month';

/** `sample`: exactly one of `fraction` (0 < f ≤ 1) and `rows` (≥ 1). Generated: `Sample`. */
export interface Sample {
  fraction?: number;
  rows?: number;
  /** any text without U+001F, at most 200 characters; other seeds give other samples */
  seed?: string;
  /** a column every requested type has; absent or null: each type's id column */
  key?: string | null;
}

/** `split`: named shares of the rows, summing to 1. Generated: `Split`. */
export interface Split {
  ratios: Record<string, number>;
  key?: string | null;
  seed?: string;
}

/** Issue 17's request fields (also the config echo: each as it was sent). */
export interface ExportRequestFields17 {
  output_format?: OutputFormat17;
  compression?: boolean | Codec17;
  /** `"256MB"` or a number of bytes */
  max_file_size?: string | number | null;
  partition_by?: PartitionBy | null;
  sample?: Sample | null;
  split?: Split | null;
}

/** A request or config type with issue 17's fields. */
export type With17<T> = Omit<T, keyof ExportRequestFields17> & ExportRequestFields17;

/** One file of `GET /api/v1/export/download/{id}`. Generated: `DownloadFile`. */
export interface DownloadFile17 {
  /** the file's path in the export, e.g. `train/logs/date=2024-03-03/part-00000.parquet` */
  name: string;
  /** the same as `name` */
  path?: string;
  /** null for the data card and schema */
  data_type: string | null;
  kind: 'data' | 'rejected' | 'card' | 'schema';
  /** the split the file belongs to, null without a split */
  split?: string | null;
  /** the partition folder, e.g. `date=2024-03-03`, null without `partition_by` */
  partition?: string | null;
  records: number;
  size: number;
  sha256: string;
  url: string;
}

/** `GET /api/v1/export/download/{id}`. Generated: `DownloadListing`. */
export interface DownloadListing17 {
  export_id: string;
  expires_at: string;
  files: DownloadFile17[];
  manifest_url: string;
  /** presigned URL of the data card, README.md */
  card_url?: string | null;
  /** presigned URL of schema.json */
  schema_url?: string | null;
}

/** `POST /api/v1/export/estimate` with a split: per split, per data type, the rows expected (estimate × ratio). */
export interface EstimateFields17 {
  splits?: Record<string, Record<string, number>> | null;
}
