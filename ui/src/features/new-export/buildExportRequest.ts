import type { Dayjs } from 'dayjs';
import type { ExportRequest, OutputFormat, ValidationLevel } from '../../api/types';

export interface ExportFormValues {
  date_range?: [Dayjs | null, Dayjs | null] | null;
  data_types?: string[];
  processes?: string | null;
  batch_size?: number | null;
  include_metadata?: boolean;
  validation_level?: ValidationLevel;
  output_format?: OutputFormat;
  compression?: boolean;
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
  return body;
}

/** Maps an API field name from a problem+json `errors` entry to the form field that shows it. */
export function formFieldFor(apiField: string): keyof ExportFormValues | null {
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
