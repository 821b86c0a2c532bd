// The API's types: aliases of the schemas generated from the gateway's OpenAPI document
// (schema.gen.ts, `npm run api:generate`), under the names the pages import. Only UI-side
// constants are written by hand here.
import type { components } from './schema.gen';
import type { TransformOp16, With16 } from './issue16';
import type { DownloadFile17, DownloadListing17, EstimateFields17, OutputFormat17, With17 } from './issue17';

type Schemas = components['schemas'];

export type ExportStatus = Schemas['Export']['status'];
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

export type ValidationLevel = NonNullable<Schemas['ExportRequest']['validation_level']>;
export type OutputFormat = OutputFormat17; // issue17: + parquet

// issue16: With16<...> adds the fields the generated schema does not have yet (see issue16.ts)
// issue17: With17<...> adds Parquet, max_file_size, partition_by, sample and split (see issue17.ts)
export type ExportRequest = With17<With16<Schemas['ExportRequest']>>;

/** One transformation step as sent to the API: `{op, ...args}`. */
// the step editor reads and writes arguments by name, hence the index signature
// issue16: the new ops
export type TransformStep = Omit<Schemas['TransformStep'], 'op'> & { op: TransformOp16 } & { [arg: string]: unknown };
export type TransformOp = TransformStep['op'];
export type Transformations = Record<string, TransformStep[]>;

export type ExportConfig = With17<With16<Schemas['ExportConfig']>>; // issue16, issue17
export type ExportTemplate = Omit<Schemas['Template'], 'config'> & { config: ExportConfig }; // issue16
/** One page of `GET /templates` (by name). */
export type TemplateList = Schemas['PageTemplate'];
export type TemplateBody = Omit<Schemas['TemplateRequest'], 'config'> & { config: ExportRequest }; // issue16

export type ApiToken = Schemas['ApiToken'];
export type TokenRole = ApiToken['role'];
export type CreatedToken = Schemas['CreatedToken'];
export type TokenList = Schemas['TokenList'];

export type AuditEntry = Schemas['AuditEntry'];
export type AuditList = Schemas['PageAuditEntry'];

export type ValidationSummary = Schemas['Validation'];
export type ExportStatusResponse = Omit<Schemas['Export'], 'config'> & { config: ExportConfig }; // issue16
export type CreatedExport = Schemas['CreatedExport'];
export type ShardProgress = Schemas['ShardProgress'];
export type TypeProgress = Schemas['TypeProgress'];
export type ExportProgressResponse = Schemas['ExportProgress'];
export type ExportList = Schemas['PageExport'];

export type TypeEstimate = Schemas['TypeEstimate'];
export type EstimateResponse = Schemas['Estimate'] & EstimateFields17; // issue17: splits

export type DownloadFile = DownloadFile17; // issue17: path, split, partition, kinds card and schema
export type DownloadListing = DownloadListing17; // issue17: card_url, schema_url

export type DeleteResponse = Schemas['DeletedExport'];
export type StatsResponse = Schemas['ExportStats'];
export type CleanupResponse = Schemas['CleanupReport'];

export type ProblemFieldError = Schemas['FieldProblem'];
export type Problem = Schemas['Problem'];
