// The Dataset section of the export form (design17.md, section 1): file size limit, partitions,
// sample and split, with the checks the server makes, so that the form says what is wrong as it is typed.
import type { Dataset } from '../../api/issue16';
import type { PartitionBy, Sample, Split } from '../../api/issue17';

/** The smallest and largest `max_file_size` (FileSize.MIN and FileSize.MAX: S3's object limit, 5 TiB). */
export const MIN_FILE_SIZE = 1000;
export const MAX_FILE_SIZE = 5 * 1024 ** 4;

const SIZE = /^\s*(\d{1,15}(?:\.\d{1,6})?)\s*([a-z]{0,3})\s*$/;
const UNIT_BYTES: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "256MB" → 256000000, "1.5 GiB" → 1610612736 (the server's FileSizes.parse); null when not a size. */
export function parseFileSize(text: string | null | undefined): number | null {
  const m = SIZE.exec((text ?? '').toLowerCase());
  if (!m || !(m[2] in UNIT_BYTES)) return null;
  return Math.floor(Number(m[1]) * UNIT_BYTES[m[2]]);
}

/** Why a `max_file_size` is refused, or null (empty: no limit). */
export function fileSizeError(text: string | null | undefined): string | null {
  if (!text?.trim()) return null;
  const bytes = parseFileSize(text);
  if (bytes === null) return 'Write a size such as 256MB: a number and B, KB, MB, GB, TB, KiB, MiB, GiB or TiB';
  if (bytes < MIN_FILE_SIZE) return 'At least 1000 bytes (1KB)';
  if (bytes > MAX_FILE_SIZE) return 'At most 5TiB';
  return null;
}

export type SampleMode = 'off' | 'fraction' | 'rows';
export type PartitionChoice = 'none' | PartitionBy;

/** One row of the split editor. */
export interface SplitRow {
  name?: string;
  ratio?: number | null;
}

export const SPLIT_PRESET: SplitRow[] = [
  { name: 'train', ratio: 0.8 },
  { name: 'validation', ratio: 0.1 },
  { name: 'test', ratio: 0.1 },
];
export const MAX_SPLITS = 10;
const SPLIT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,31}$/;
const RESERVED_SPLIT_NAMES = new Set(['rejected', 'parts']);

/** Why a split name is refused (`others`: the other rows' names), or null. */
export function splitNameError(name: string | null | undefined, others: (string | undefined)[] = []): string | null {
  const n = (name ?? '').trim();
  if (!n) return 'Name the split';
  if (!SPLIT_NAME.test(n)) return 'Letters, digits and _, not starting with a digit, at most 32';
  if (RESERVED_SPLIT_NAMES.has(n.toLowerCase())) return `${n} is reserved for the export's own folders`;
  if (others.some((o) => (o ?? '').trim() === n)) return `${n} is named twice`;
  return null;
}

/** Why a ratio is refused, or null. */
export function ratioError(ratio: number | null | undefined): string | null {
  if (typeof ratio !== 'number' || Number.isNaN(ratio)) return 'Give a ratio';
  return ratio > 0 && ratio <= 1 ? null : 'More than 0, at most 1';
}

/** The ratios' sum, rounded for display (0.8 + 0.1 + 0.1 shows as 1). */
export function ratioSum(rows: SplitRow[] | null | undefined): number {
  const sum = (rows ?? []).reduce((s, r) => s + (typeof r?.ratio === 'number' ? r.ratio : 0), 0);
  return Number(sum.toFixed(9));
}

/** Why the split as a whole is refused (count and sum; the server allows 1e-9 off 1), or null. */
export function splitRatiosError(rows: SplitRow[] | null | undefined): string | null {
  const list = rows ?? [];
  if (list.length < 1) return 'Add at least one split';
  if (list.length > MAX_SPLITS) return `At most ${MAX_SPLITS} splits`;
  const sum = list.reduce((s, r) => s + (typeof r?.ratio === 'number' ? r.ratio : 0), 0);
  return Math.abs(sum - 1) <= 1e-9 ? null : `Ratios must sum to 1, not ${ratioSum(list)}`;
}

/** Why a sample or split seed is refused, or null. */
export function seedError(seed: string | null | undefined): string | null {
  if (!seed) return null;
  if (seed.length > 200) return 'At most 200 characters';
  return seed.includes('\u001f') ? 'No unit separator (U+001F)' : null;
}

/** Why a sample fraction is refused, or null. */
export function fractionError(f: number | null | undefined): string | null {
  if (typeof f !== 'number' || Number.isNaN(f)) return 'Give the share of rows to keep';
  return f > 0 && f <= 1 ? null : 'More than 0, at most 1';
}

/** Why a sample row count is refused, or null. */
export function sampleRowsError(n: number | null | undefined): string | null {
  if (typeof n !== 'number' || !Number.isInteger(n)) return 'Give a whole number of rows';
  return n >= 1 && n <= 1e12 ? null : 'From 1 to 1,000,000,000,000';
}

/** Column types whose text is stable, so that a row's hash is too (the server's list, as the datasets route names types). */
const KEY_TYPES = new Set(['integer', 'text', 'inet', 'boolean']);

/**
 * The columns a sample or split may be keyed on: plain columns of a stable type that every chosen data type has.
 * `label` names the type when all types agree on it.
 */
export function keyColumns(
  datasets: Dataset[],
  dataTypes: string[] | null | undefined,
): { value: string; label: string }[] {
  const chosen = (dataTypes ?? []).map((t) => datasets.find((d) => d.name === t));
  if (chosen.length === 0 || chosen.some((d) => !d)) return [];
  const [first, ...rest] = chosen as Dataset[];
  return first.columns
    .filter((c) => KEY_TYPES.has(c.type))
    .filter((c) => rest.every((d) => d.columns.some((o) => o.name === c.name && KEY_TYPES.has(o.type))))
    .map((c) => {
      const same = rest.every((d) => d.columns.find((o) => o.name === c.name)?.type === c.type);
      return { value: c.name, label: same ? `${c.name} (${c.type})` : c.name };
    });
}

/** The Dataset section's values, under the names the export form uses. */
export interface DatasetFormValues {
  /** "256MB"; empty: one file per data type */
  max_file_size?: string | null;
  partition_by?: PartitionChoice;
  sample_mode?: SampleMode;
  sample_fraction?: number | null;
  sample_rows?: number | null;
  sample_seed?: string | null;
  /** empty: each type's id column */
  sample_key?: string | null;
  split_enabled?: boolean;
  split_ratios?: SplitRow[];
  split_key?: string | null;
  split_seed?: string | null;
  /** not sent: the field under the ratios that shows their sum and its error */
  split_total?: unknown;
}

export const DEFAULT_DATASET_VALUES: DatasetFormValues = {
  max_file_size: '',
  partition_by: 'none',
  sample_mode: 'off',
  sample_fraction: null,
  sample_rows: null,
  sample_seed: '',
  sample_key: null,
  split_enabled: false,
  split_ratios: SPLIT_PRESET.map((r) => ({ ...r })),
  split_key: null,
  split_seed: '',
};

/** Whether any field of the section asks for something (so that it is shown open). */
export function datasetFieldsSet(v: DatasetFormValues): boolean {
  return Boolean(
    v.max_file_size?.trim() ||
    (v.partition_by && v.partition_by !== 'none') ||
    (v.sample_mode && v.sample_mode !== 'off') ||
    v.split_enabled,
  );
}

const text = (v: string | null | undefined) => (v ?? '').trim();

/** `seed` and `key` when given. */
function keyed(seed: string | null | undefined, key: string | null | undefined): { seed?: string; key?: string } {
  return { ...(seed ? { seed } : {}), ...(text(key) ? { key: text(key) } : {}) };
}

/** The request's `max_file_size`, `partition_by`, `sample` and `split`, each only when set. */
export function buildDatasetFields(v: DatasetFormValues): {
  max_file_size?: string;
  partition_by?: PartitionBy;
  sample?: Sample;
  split?: Split;
} {
  const out: ReturnType<typeof buildDatasetFields> = {};
  if (text(v.max_file_size)) out.max_file_size = text(v.max_file_size);
  if (v.partition_by && v.partition_by !== 'none') out.partition_by = v.partition_by;
  if (v.sample_mode === 'fraction' && typeof v.sample_fraction === 'number')
    out.sample = { fraction: v.sample_fraction, ...keyed(v.sample_seed, v.sample_key) };
  if (v.sample_mode === 'rows' && typeof v.sample_rows === 'number')
    out.sample = { rows: v.sample_rows, ...keyed(v.sample_seed, v.sample_key) };
  if (v.split_enabled) {
    const ratios: Record<string, number> = {};
    for (const r of v.split_ratios ?? [])
      if (text(r?.name) && typeof r.ratio === 'number') ratios[text(r.name)] = r.ratio;
    if (Object.keys(ratios).length) out.split = { ratios, ...keyed(v.split_seed, v.split_key) };
  }
  return out;
}

/** The inverse of {@link buildDatasetFields}: a stored request's fields → the section's values. */
export function datasetValuesFromRequest(c: {
  max_file_size?: string | number | null;
  partition_by?: PartitionBy | null;
  sample?: Sample | null;
  split?: Split | null;
}): DatasetFormValues {
  const sample = c.sample ?? null;
  const split = c.split ?? null;
  const sampleMode: SampleMode =
    typeof sample?.fraction === 'number' ? 'fraction' : typeof sample?.rows === 'number' ? 'rows' : 'off';
  return {
    max_file_size: c.max_file_size === null || c.max_file_size === undefined ? '' : String(c.max_file_size),
    partition_by: c.partition_by ?? 'none',
    sample_mode: sampleMode,
    sample_fraction: sampleMode === 'fraction' ? sample!.fraction! : null,
    sample_rows: sampleMode === 'rows' ? sample!.rows! : null,
    sample_seed: sample?.seed ?? '',
    sample_key: sample?.key ?? null,
    split_enabled: split !== null,
    split_ratios: split
      ? Object.entries(split.ratios ?? {}).map(([name, ratio]) => ({ name, ratio }))
      : SPLIT_PRESET.map((r) => ({ ...r })),
    split_key: split?.key ?? null,
    split_seed: split?.seed ?? '',
  };
}
