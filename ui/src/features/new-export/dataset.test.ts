import { describe, expect, it } from 'vitest';
import { FALLBACK_DATASETS } from './filters';
import {
  buildExportRequest,
  codecOf,
  codecsFor,
  compressionError,
  DEFAULT_FORM_VALUES,
  formFieldFor,
  formValuesFromRequest,
} from './buildExportRequest';
import {
  datasetFieldsSet,
  fileSizeError,
  fractionError,
  keyColumns,
  parseFileSize,
  ratioError,
  ratioSum,
  sampleRowsError,
  seedError,
  splitNameError,
  splitRatiosError,
  SPLIT_PRESET,
} from './dataset';

const base = { ...DEFAULT_FORM_VALUES, data_types: ['logs', 'anomalies'], date_range: null };

describe('issue 17: Parquet and its page codec', () => {
  it('offers snappy (first), zstd, gzip and none for Parquet, and no snappy for the text formats', () => {
    expect(codecsFor('parquet').map((c) => c.value)).toEqual(['snappy', 'zstd', 'gzip', 'none']);
    for (const format of ['json', 'jsonl', 'csv'] as const)
      expect(codecsFor(format).map((c) => c.value)).not.toContain('snappy');
  });

  it('allows snappy only with Parquet, with the server message', () => {
    expect(compressionError('parquet', 'snappy')).toBeNull();
    expect(compressionError('csv', 'snappy')).toBe('snappy is for parquet pages only');
    expect(compressionError('json', 'snappy')).toBe('snappy is for parquet pages only');
    expect(compressionError('csv', 'zstd')).toBeNull();
    expect(compressionError('parquet', 'none')).toBeNull();
  });

  it('sends the page codec, and a level only for zstd and gzip', () => {
    const snappy = buildExportRequest({
      ...base,
      output_format: 'parquet',
      compression: 'snappy',
      compression_level: 5,
    });
    expect(snappy).toMatchObject({ output_format: 'parquet', compression: 'snappy' });
    expect('compression_level' in snappy).toBe(false);
    expect(
      buildExportRequest({ ...base, output_format: 'parquet', compression: 'zstd', compression_level: 7 }),
    ).toMatchObject({ compression: 'zstd', compression_level: 7 });
    expect(buildExportRequest({ ...base, output_format: 'parquet', compression: 'none' }).compression).toBe('none');
  });

  it('reads a stored Parquet config without a codec as snappy pages, and "none" as uncompressed', () => {
    expect(codecOf(undefined, 'parquet')).toBe('snappy');
    expect(codecOf(false, 'parquet')).toBe('snappy');
    expect(codecOf('none', 'parquet')).toBe('none');
    expect(codecOf(true, 'parquet')).toBe('gzip');
    expect(codecOf(undefined, 'csv')).toBe('none');
    expect(formValuesFromRequest({ data_types: ['logs'], output_format: 'parquet' }).compression).toBe('snappy');
  });
});

describe('issue 17: max_file_size', () => {
  it('reads sizes as the server does: decimal and binary units, any case, optional space, bytes without unit', () => {
    expect(parseFileSize('256MB')).toBe(256_000_000);
    expect(parseFileSize(' 1.5 GiB ')).toBe(1.5 * 1024 ** 3);
    expect(parseFileSize('64kib')).toBe(65_536);
    expect(parseFileSize('2tb')).toBe(2e12);
    expect(parseFileSize('1000')).toBe(1000);
    expect(parseFileSize('1000 B')).toBe(1000);
    expect(parseFileSize('10M')).toBe(10_000_000);
    expect(parseFileSize('1.0000001KB')).toBeNull(); // at most 6 decimals
    expect(parseFileSize('256 megabytes')).toBeNull();
    expect(parseFileSize('-5MB')).toBeNull();
    expect(parseFileSize('MB')).toBeNull();
    expect(parseFileSize('5 PB')).toBeNull();
  });

  it('refuses what is not a size, less than 1000 bytes or more than 5 TiB; empty is no limit', () => {
    expect(fileSizeError('')).toBeNull();
    expect(fileSizeError('  ')).toBeNull();
    expect(fileSizeError('256MB')).toBeNull();
    expect(fileSizeError('1KB')).toBeNull();
    expect(fileSizeError('5TiB')).toBeNull();
    expect(fileSizeError('999')).toBe('At least 1000 bytes (1KB)');
    expect(fileSizeError('0.9KB')).toBe('At least 1000 bytes (1KB)');
    expect(fileSizeError('5.1TiB')).toBe('At most 5TiB');
    expect(fileSizeError('lots')).toMatch(/^Write a size such as 256MB/);
  });

  it('sends max_file_size as typed (trimmed) and partition_by, only when set', () => {
    const body = buildExportRequest({ ...base, max_file_size: ' 256MB ', partition_by: 'day' });
    expect(body.max_file_size).toBe('256MB');
    expect(body.partition_by).toBe('day');
    const plain = buildExportRequest(base);
    for (const field of ['max_file_size', 'partition_by', 'sample', 'split']) expect(field in plain).toBe(false);
  });
});

describe('issue 17: sample', () => {
  it('sends a fraction or a row count with its seed and key, only when on', () => {
    expect(
      buildExportRequest({
        ...base,
        sample_mode: 'fraction',
        sample_fraction: 0.1,
        sample_seed: 'x',
        sample_key: 'process',
      }).sample,
    ).toEqual({ fraction: 0.1, seed: 'x', key: 'process' });
    expect(
      buildExportRequest({ ...base, sample_mode: 'rows', sample_rows: 100000, sample_fraction: 0.5 }).sample,
    ).toEqual({ rows: 100000 });
    expect(buildExportRequest({ ...base, sample_mode: 'off', sample_fraction: 0.5 }).sample).toBeUndefined();
  });

  it('checks the fraction, the row count and the seed', () => {
    expect(fractionError(0.1)).toBeNull();
    expect(fractionError(1)).toBeNull();
    expect(fractionError(0)).toBe('More than 0, at most 1');
    expect(fractionError(1.5)).toBe('More than 0, at most 1');
    expect(fractionError(null)).toBe('Give the share of rows to keep');
    expect(sampleRowsError(1)).toBeNull();
    expect(sampleRowsError(1e12)).toBeNull();
    expect(sampleRowsError(0)).toBe('From 1 to 1,000,000,000,000');
    expect(sampleRowsError(2.5)).toBe('Give a whole number of rows');
    expect(seedError('')).toBeNull();
    expect(seedError('x'.repeat(200))).toBeNull();
    expect(seedError('x'.repeat(201))).toBe('At most 200 characters');
    expect(seedError('a\u001fb')).toBe('No unit separator (U+001F)');
  });

  it('offers as key the columns of a stable type that every chosen data type has', () => {
    expect(keyColumns(FALLBACK_DATASETS, ['logs', 'anomalies']).map((c) => c.value)).toEqual(['id', 'process']);
    expect(keyColumns(FALLBACK_DATASETS, ['logs'])).toContainEqual({ value: 'source_ip', label: 'source_ip (inet)' });
    // timestamps and JSON are not keys
    const logs = keyColumns(FALLBACK_DATASETS, ['logs']).map((c) => c.value);
    expect(logs).not.toContain('timestamp');
    expect(logs).not.toContain('metadata');
    expect(keyColumns(FALLBACK_DATASETS, [])).toEqual([]);
    expect(keyColumns(FALLBACK_DATASETS, ['no_such_type'])).toEqual([]);
  });
});

describe('issue 17: split', () => {
  it('sends the ratios by name with key and seed, only when on', () => {
    const body = buildExportRequest({
      ...base,
      split_enabled: true,
      split_ratios: SPLIT_PRESET,
      split_key: 'process',
      split_seed: 's',
    });
    expect(body.split).toEqual({ ratios: { train: 0.8, validation: 0.1, test: 0.1 }, key: 'process', seed: 's' });
    expect(buildExportRequest({ ...base, split_enabled: false, split_ratios: SPLIT_PRESET }).split).toBeUndefined();
    expect(
      buildExportRequest({ ...base, split_enabled: true, split_ratios: [{ name: ' a ', ratio: 1 }] }).split,
    ).toEqual({ ratios: { a: 1 } });
  });

  it('checks that the ratios sum to 1 (within 1e-9), and their count', () => {
    expect(splitRatiosError(SPLIT_PRESET)).toBeNull(); // 0.8 + 0.1 + 0.1 is 1.0000000000000002 in binary
    expect(ratioSum(SPLIT_PRESET)).toBe(1);
    expect(
      splitRatiosError([
        { name: 'a', ratio: 0.7 },
        { name: 'b', ratio: 0.2 },
      ]),
    ).toBe('Ratios must sum to 1, not 0.9');
    expect(
      splitRatiosError([
        { name: 'a', ratio: 0.7 },
        { name: 'b', ratio: 0.5 },
      ]),
    ).toBe('Ratios must sum to 1, not 1.2');
    expect(
      splitRatiosError([
        { name: 'a', ratio: 0.5 },
        { name: 'b', ratio: null },
      ]),
    ).toBe('Ratios must sum to 1, not 0.5');
    expect(splitRatiosError([])).toBe('Add at least one split');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `s${i}`, ratio: 1 / 11 }));
    expect(splitRatiosError(eleven)).toBe('At most 10 splits');
    expect(ratioError(0)).toBe('More than 0, at most 1');
    expect(ratioError(1)).toBeNull();
    expect(ratioError(undefined)).toBe('Give a ratio');
  });

  it('checks split names as the server does: identifier, at most 32, not rejected or parts, not twice', () => {
    expect(splitNameError('train')).toBeNull();
    expect(splitNameError('_x9')).toBeNull();
    expect(splitNameError('a'.repeat(32))).toBeNull();
    expect(splitNameError('a'.repeat(33))).toMatch(/^Letters, digits and _/);
    expect(splitNameError('9lives')).toMatch(/^Letters, digits and _/);
    expect(splitNameError('has-dash')).toMatch(/^Letters, digits and _/);
    expect(splitNameError('')).toBe('Name the split');
    expect(splitNameError('Rejected')).toBe("Rejected is reserved for the export's own folders");
    expect(splitNameError('parts')).toBe("parts is reserved for the export's own folders");
    expect(splitNameError('train', ['test', 'train'])).toBe('train is named twice');
  });

  it('shows the server errors of the new fields on their form fields', () => {
    expect(formFieldFor('max_file_size')).toBe('max_file_size');
    expect(formFieldFor('partition_by')).toBe('partition_by');
    expect(formFieldFor('sample.fraction')).toBe('sample_fraction');
    expect(formFieldFor('sample.key')).toBe('sample_key');
    expect(formFieldFor('split.ratios')).toBe('split_total');
    expect(formFieldFor('split.seed')).toBe('split_seed');
    expect(formFieldFor('sample.colour')).toBeNull(); // an unknown member goes to the alert
    expect(formFieldFor('split.ratios.train')).toBeNull(); // so does one split's ratio, named by the path
  });
});

describe('issue 17: templates', () => {
  it('fills every new field back in from a stored config and sends it unchanged', () => {
    const stored = {
      data_types: ['logs', 'anomalies'],
      batch_size: 1000,
      include_metadata: true,
      validation_level: 'basic' as const,
      output_format: 'parquet' as const,
      compression: 'zstd' as const,
      compression_level: 9,
      max_file_size: '64MiB',
      partition_by: 'month' as const,
      sample: { rows: 5000, seed: 'a', key: 'process' },
      split: { ratios: { train: 0.7, dev: 0.15, test: 0.15 }, key: 'id', seed: 'b' },
    };
    const values = formValuesFromRequest(stored, FALLBACK_DATASETS);
    expect(values).toMatchObject({
      output_format: 'parquet',
      compression: 'zstd',
      compression_level: 9,
      max_file_size: '64MiB',
      partition_by: 'month',
      sample_mode: 'rows',
      sample_rows: 5000,
      sample_seed: 'a',
      sample_key: 'process',
      split_enabled: true,
      split_ratios: [
        { name: 'train', ratio: 0.7 },
        { name: 'dev', ratio: 0.15 },
        { name: 'test', ratio: 0.15 },
      ],
      split_key: 'id',
      split_seed: 'b',
    });
    expect(datasetFieldsSet(values)).toBe(true);
    expect(buildExportRequest(values)).toEqual(stored);
  });

  it('reads a byte count and a fraction back, and leaves the section closed for a request without them', () => {
    const values = formValuesFromRequest({ data_types: ['logs'], max_file_size: 1048576, sample: { fraction: 0.25 } });
    expect(values.max_file_size).toBe('1048576');
    expect(values).toMatchObject({ sample_mode: 'fraction', sample_fraction: 0.25, split_enabled: false });
    expect(values.split_ratios).toEqual(SPLIT_PRESET); // the preset, ready when the split is switched on
    expect(buildExportRequest(values)).toMatchObject({ max_file_size: '1048576', sample: { fraction: 0.25 } });
    expect(datasetFieldsSet(formValuesFromRequest({ data_types: ['logs'] }))).toBe(false);
  });
});
