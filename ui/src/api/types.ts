export type DataType = 'logs' | 'anomalies' | 'ips';
export const DATA_TYPES: DataType[] = ['logs', 'anomalies', 'ips'];

export type ExportStatus = 'pending' | 'running' | 'finalizing' | 'completed' | 'failed' | 'cancelled';
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

export type ValidationLevel = 'none' | 'basic' | 'strict';
export type OutputFormat = 'json' | 'jsonl' | 'csv';

export interface ExportRequest {
  data_types: string[];
  start_date?: string;
  end_date?: string;
  processes?: string[];
  batch_size?: number;
  include_metadata?: boolean;
  validation_level?: ValidationLevel;
  output_format?: OutputFormat;
  compression?: boolean;
  transformations?: Transformations;
}

export type TransformOp =
  'fields' | 'rename' | 'drop' | 'mask_ip' | 'hash' | 'truncate' | 'extract' | 'timestamp_format';

/** One transformation step as sent to the API: `{op, ...args}`. */
export interface TransformStep {
  op: TransformOp;
  [arg: string]: unknown;
}

export type Transformations = Record<string, TransformStep[]>;

export const COLUMNS: Record<DataType, string[]> = {
  logs: ['id', 'timestamp', 'host', 'process', 'pid', 'level', 'message', 'source_ip', 'metadata'],
  anomalies: ['id', 'detected_at', 'log_id', 'process', 'anomaly_type', 'score', 'severity', 'details'],
  ips: ['id', 'ip', 'first_seen', 'last_seen', 'request_count', 'country', 'asn', 'reputation', 'metadata'],
};

export interface ExportTemplate {
  template_id: string;
  name: string;
  description?: string | null;
  owner?: string | null;
  config: ExportRequest;
  created_at?: string;
  updated_at?: string;
}

/** One page of `GET /templates` (by name). */
export interface TemplateList {
  items: ExportTemplate[];
  total: number;
  limit: number;
  offset: number;
}

export interface TemplateBody {
  name: string;
  description?: string;
  config: ExportRequest;
}

export type TokenRole = 'user' | 'admin';

export interface ApiToken {
  id: string;
  name: string;
  role: TokenRole | string;
  created_at?: string | null;
  created_by?: string | null;
  expires_at?: string | null;
  revoked_at?: string | null;
}

export interface CreatedToken extends ApiToken {
  token: string;
}

export interface TokenList {
  items: ApiToken[];
  total: number;
}

export interface AuditEntry {
  id: string | number;
  at: string;
  actor?: string | null;
  action: string;
  target?: string | null;
  detail?: unknown;
  remote_addr?: string | null;
}

export interface AuditList {
  items: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

export interface ValidationSummary {
  level?: string;
  checked?: number;
  valid?: number;
  rejected?: number;
  by_rule?: Record<string, number>;
}

export interface ExportConfig {
  start_date?: string | null;
  end_date?: string | null;
  processes?: string[] | null;
  batch_size?: number;
  include_metadata?: boolean;
  validation_level?: string;
  output_format?: string;
  compression?: boolean;
  [key: string]: unknown;
}

export interface ExportStatusResponse {
  export_id: string;
  status: ExportStatus;
  created_at?: string;
  updated_at?: string;
  data_types?: string[];
  config?: ExportConfig | null;
  record_counts?: Record<string, number> | null;
  file_sizes?: Record<string, number> | null;
  error_message?: string | null;
  is_compressed?: boolean;
  total_records?: number | null;
  total_size?: number | null;
  validation?: Record<string, ValidationSummary> | null;
}

export interface ShardProgress {
  shard_id: string;
  data_type: string;
  seq: number;
  status: string;
  worker_id?: string | null;
  records?: number | null;
  estimated_records?: number | null;
  attempts?: number | null;
  range_start?: string | null;
  range_end?: string | null;
  started_at?: string | null;
  completed_at?: string | null;
  /** Run time of the current attempt (so far, while it runs). */
  duration_ms?: number | null;
}

export interface TypeProgress {
  records_exported?: number;
  records_total?: number;
  shards_total?: number;
  shards_completed?: number;
  shards_failed?: number;
  validation?: ValidationSummary | null;
}

export interface ExportProgressResponse {
  export_id: string;
  status: ExportStatus;
  percent: number;
  records_exported?: number;
  records_total?: number;
  shards_total?: number;
  shards_completed?: number;
  shards_failed?: number;
  data_types?: Record<string, TypeProgress> | null;
  shards?: ShardProgress[] | null;
  error_message?: string | null;
}

export interface ExportList {
  items: ExportStatusResponse[];
  total: number;
  limit: number;
  offset: number;
}

export interface TypeEstimate {
  records: number;
  bytes: number;
  shards?: unknown[];
}

export interface EstimateResponse {
  total_records: number;
  total_bytes: number;
  data_types: Record<string, TypeEstimate>;
}

export interface DownloadFile {
  data_type: string;
  kind: 'data' | 'rejected' | string;
  name: string;
  url: string;
  size?: number;
  records?: number;
  sha256?: string;
}

export interface DownloadListing {
  export_id: string;
  expires_at?: string;
  files: DownloadFile[];
  manifest_url?: string | null;
}

export interface DeleteResponse {
  export_id: string;
  deleted: boolean;
  freed_bytes?: number;
}

export interface StatsResponse {
  total_exports: number;
  total_size: number;
  oldest_export?: string | null;
  newest_export?: string | null;
  by_status?: Record<string, number>;
}

export interface CleanupResponse {
  deleted_exports: number;
  freed_bytes: number;
  export_ids?: string[];
  older_than?: string;
  retention_days?: number;
}

export interface ProblemFieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: ProblemFieldError[];
}
