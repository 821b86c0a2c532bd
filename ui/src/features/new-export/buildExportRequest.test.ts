import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { FALLBACK_DATASETS } from './filters';
import {
  buildExportRequest,
  buildTransformations,
  codecOf,
  formatMapValues,
  parseMapValues,
  DEFAULT_FORM_VALUES,
  formFieldFor,
  formValuesFromRequest,
  parseProcesses,
  rowsFromTransformations,
  type TransformRow,
} from './buildExportRequest';

describe('buildExportRequest', () => {
  it('applies defaults and leaves out the date range and processes when empty', () => {
    const body = buildExportRequest({ data_types: ['logs'] });
    expect(body).toEqual({
      data_types: ['logs'],
      batch_size: 1000,
      include_metadata: true,
      validation_level: 'basic',
      output_format: 'json',
      compression: 'none',
    });
    expect('start_date' in body).toBe(false);
    expect('end_date' in body).toBe(false);
    expect('processes' in body).toBe(false);
  });

  it('uses the form defaults unchanged', () => {
    const body = buildExportRequest({ ...DEFAULT_FORM_VALUES, data_types: ['ips'], date_range: null });
    expect(body.batch_size).toBe(1000);
    expect(body.include_metadata).toBe(true);
    expect(body.start_date).toBeUndefined();
    expect(body.processes).toBeUndefined();
  });

  it('sends the date range as ISO-8601 instants', () => {
    const start = dayjs('2025-01-02T03:04:05Z');
    const end = dayjs('2025-01-03T00:00:00Z');
    const body = buildExportRequest({ data_types: ['logs', 'anomalies'], date_range: [start, end] });
    expect(body.start_date).toBe('2025-01-02T03:04:05.000Z');
    expect(body.end_date).toBe('2025-01-03T00:00:00.000Z');
    expect(dayjs(body.start_date).isSame(start)).toBe(true);
  });

  it('accepts an open-ended date range', () => {
    const body = buildExportRequest({ data_types: ['logs'], date_range: [dayjs('2025-01-02T00:00:00Z'), null] });
    expect(body.start_date).toBe('2025-01-02T00:00:00.000Z');
    expect('end_date' in body).toBe(false);
  });

  it('splits, trims and drops empty processes', () => {
    const body = buildExportRequest({ data_types: ['logs'], processes: ' nginx, sshd ,, ,cron ' });
    expect(body.processes).toEqual(['nginx', 'sshd', 'cron']);
    expect(buildExportRequest({ data_types: ['logs'], processes: ' , ,' }).processes).toBeUndefined();
  });

  it('passes explicit options through', () => {
    const body = buildExportRequest({
      data_types: ['ips'],
      batch_size: 50,
      include_metadata: false,
      validation_level: 'strict',
      output_format: 'csv',
      compression: 'gzip',
    });
    expect(body).toMatchObject({
      batch_size: 50,
      include_metadata: false,
      validation_level: 'strict',
      output_format: 'csv',
      compression: 'gzip',
    });
  });

  it('does not share the data types array with the form', () => {
    const types = ['logs'];
    const body = buildExportRequest({ data_types: types });
    body.data_types.push('ips');
    expect(types).toEqual(['logs']);
  });
});

describe('parseProcesses / formFieldFor', () => {
  it('parses empty input', () => {
    expect(parseProcesses(undefined)).toEqual([]);
    expect(parseProcesses('')).toEqual([]);
  });

  it('maps API field names to form fields', () => {
    expect(formFieldFor('start_date')).toBe('date_range');
    expect(formFieldFor('end_date')).toBe('date_range');
    expect(formFieldFor('batch_size')).toBe('batch_size');
    expect(formFieldFor('data_types[0]')).toBe('data_types');
    expect(formFieldFor('unknown')).toBeNull();
  });
});

describe('transformations', () => {
  it('turns rows into steps per data type, in order, with op-specific arguments', () => {
    const body = buildExportRequest({
      data_types: ['logs', 'ips'],
      transformations: [
        { data_type: 'logs', op: 'fields', fields: 'id, timestamp, ,message,source_ip' },
        { data_type: 'logs', op: 'mask_ip', field: 'source_ip', prefix: 16, prefix_v6: null },
        { data_type: 'ips', op: 'hash', field: 'ip' },
        { data_type: 'logs', op: 'rename', field: 'message', to: ' msg ' },
        { data_type: 'logs', op: 'truncate', field: 'msg', max_length: 80 },
        { data_type: 'logs', op: 'extract', field: 'metadata', path: '$.user.id', as: 'user_id' },
        { data_type: 'ips', op: 'drop', fields: 'asn, metadata' },
        { data_type: 'ips', op: 'timestamp_format', format: 'epoch_millis', fields: 'first_seen' },
        { data_type: 'logs', op: 'timestamp_format', format: 'iso8601' },
      ],
    });
    expect(body.transformations).toEqual({
      logs: [
        { op: 'fields', fields: ['id', 'timestamp', 'message', 'source_ip'] },
        { op: 'mask_ip', field: 'source_ip', prefix: 16 },
        { op: 'rename', from: 'message', to: 'msg' },
        { op: 'truncate', field: 'msg', max_length: 80 },
        { op: 'extract', field: 'metadata', path: '$.user.id', as: 'user_id' },
        { op: 'timestamp_format', format: 'iso8601' },
      ],
      ips: [
        { op: 'hash', field: 'ip' },
        { op: 'drop', fields: ['asn', 'metadata'] },
        { op: 'timestamp_format', format: 'epoch_millis', fields: ['first_seen'] },
      ],
    });
    // The step objects survive JSON unchanged (no undefined arguments).
    expect(JSON.parse(JSON.stringify(body.transformations))).toEqual(body.transformations);
  });

  it('leaves transformations out when there are no complete rows', () => {
    expect('transformations' in buildExportRequest({ data_types: ['logs'] })).toBe(false);
    expect('transformations' in buildExportRequest({ data_types: ['logs'], transformations: [] })).toBe(false);
    const body = buildExportRequest({ data_types: ['logs'], transformations: [{ data_type: 'logs' }, { op: 'hash' }] });
    expect(body.transformations).toBeUndefined();
  });

  it('skips rows of data types that are not selected', () => {
    const body = buildExportRequest({
      data_types: ['logs'],
      transformations: [
        { data_type: 'anomalies', op: 'hash', field: 'process' },
        { data_type: 'logs', op: 'hash', field: 'host' },
      ],
    });
    expect(body.transformations).toEqual({ logs: [{ op: 'hash', field: 'host' }] });
  });

  it('mask_ip without prefixes relies on the server defaults', () => {
    expect(buildTransformations([{ data_type: 'logs', op: 'mask_ip', field: 'source_ip' }])).toEqual({
      logs: [{ op: 'mask_ip', field: 'source_ip' }],
    });
  });

  it('round-trips through rowsFromTransformations', () => {
    const rows: TransformRow[] = [
      { data_type: 'logs', op: 'fields', fields: 'id, message' },
      { data_type: 'logs', op: 'rename', field: 'message', to: 'msg' },
      { data_type: 'logs', op: 'mask_ip', field: 'source_ip', prefix: 24, prefix_v6: 48 },
      { data_type: 'ips', op: 'extract', field: 'metadata', path: '/a/b', as: 'b' },
      { data_type: 'ips', op: 'truncate', field: 'country', max_length: 2 },
      { data_type: 'ips', op: 'timestamp_format', format: 'epoch_millis' },
    ];
    const t = buildTransformations(rows);
    expect(rowsFromTransformations(t)).toEqual(rows);
    expect(buildTransformations(rowsFromTransformations(t))).toEqual(t);
  });

  it('fills the form from a template config', () => {
    const values = formValuesFromRequest({
      data_types: ['ips'],
      start_date: '2025-01-02T00:00:00Z',
      processes: ['nginx', 'sshd'],
      output_format: 'csv',
      transformations: { ips: [{ op: 'hash', field: 'ip' }] },
    });
    expect(values.data_types).toEqual(['ips']);
    expect(values.processes).toBe('nginx, sshd');
    expect(values.output_format).toBe('csv');
    expect(values.batch_size).toBe(1000);
    expect(values.date_range?.[0]?.toISOString()).toBe('2025-01-02T00:00:00.000Z');
    expect(values.date_range?.[1]).toBeNull();
    expect(values.transformations).toEqual([{ data_type: 'ips', op: 'hash', field: 'ip' }]);
    expect(buildExportRequest(values)).toMatchObject({
      data_types: ['ips'],
      processes: ['nginx', 'sshd'],
      start_date: '2025-01-02T00:00:00.000Z',
      transformations: { ips: [{ op: 'hash', field: 'ip' }] },
    });
  });

  it('sends transformation errors to the alert, not a form field', () => {
    expect(formFieldFor('transformations.logs[0].field')).toBeNull();
    expect(formFieldFor('transformations.ips[2].max_length')).toBeNull();
  });
});

describe('issue 16 fields', () => {
  const datasets = FALLBACK_DATASETS;

  it('sends the codec and its level, and no level without compression', () => {
    expect(buildExportRequest({ data_types: ['logs'], compression: 'zstd', compression_level: 19 })).toMatchObject({
      compression: 'zstd',
      compression_level: 19,
    });
    expect(buildExportRequest({ data_types: ['logs'], compression: 'gzip' })).not.toHaveProperty('compression_level');
    const none = buildExportRequest({ data_types: ['logs'], compression: 'none', compression_level: 5 });
    expect(none.compression).toBe('none');
    expect(none).not.toHaveProperty('compression_level');
  });

  it('reads the older boolean compression as gzip or none', () => {
    expect(codecOf(true)).toBe('gzip');
    expect(codecOf(false)).toBe('none');
    expect(codecOf(undefined)).toBe('none');
    expect(codecOf('zstd')).toBe('zstd');
    expect(formValuesFromRequest({ data_types: ['logs'], compression: true }, datasets).compression).toBe('gzip');
    expect(formValuesFromRequest({ data_types: ['logs'], compression: false }, datasets).compression).toBe('none');
  });

  it('sends csv_escape_formulas only for CSV', () => {
    expect(
      buildExportRequest({ data_types: ['logs'], output_format: 'csv', csv_escape_formulas: true }).csv_escape_formulas,
    ).toBe(true);
    expect(
      buildExportRequest({ data_types: ['logs'], output_format: 'json', csv_escape_formulas: true }),
    ).not.toHaveProperty('csv_escape_formulas');
    expect(
      buildExportRequest({ data_types: ['logs'], output_format: 'csv', csv_escape_formulas: false }),
    ).not.toHaveProperty('csv_escape_formulas');
  });

  it('sends OpenPGP encryption to the chosen keys only when switched on', () => {
    expect(buildExportRequest({ data_types: ['logs'], encrypt: true, recipients: ['k1', 'k2'] }).encryption).toEqual({
      type: 'openpgp',
      recipients: ['k1', 'k2'],
    });
    expect(buildExportRequest({ data_types: ['logs'], encrypt: false, recipients: ['k1'] })).not.toHaveProperty(
      'encryption',
    );
    expect(buildExportRequest({ data_types: ['logs'], encrypt: true, recipients: [] })).not.toHaveProperty(
      'encryption',
    );
  });

  it('sends the filters per data type, merging conditions on one column', () => {
    const body = buildExportRequest({
      data_types: ['logs', 'ips'],
      filters: {
        logs: [
          { column: 'level', op: 'in', value: ['ERROR', 'WARN'] },
          { column: 'pid', op: 'gte', value: 100 },
          { column: 'pid', op: 'lt', value: 200 },
          { column: 'metadata', path: 'user.id', kind: 'number', op: 'eq', value: 7 },
          { column: 'host' }, // incomplete: left out
        ],
        ips: [{ column: 'ip', op: 'within', value: '10.0.0.0/8' }],
        anomalies: [{ column: 'score', op: 'gt', value: 0.5 }], // not requested
      },
    });
    expect(body.filters).toEqual({
      logs: { level: { in: ['ERROR', 'WARN'] }, pid: { gte: 100, lt: 200 }, 'metadata.user.id': { eq: 7 } },
      ips: { ip: { within: '10.0.0.0/8' } },
    });
    expect(buildExportRequest({ data_types: ['logs'], filters: { logs: [] } })).not.toHaveProperty('filters');
  });

  it('sends the new transformation ops', () => {
    const rows: TransformRow[] = [
      { data_type: 'logs', op: 'concat', fields: 'host, process', separator: '/', to: 'where' },
      { data_type: 'logs', op: 'map', field: 'level', values: 'ERROR=e\nWARN = w\n\n', default: 'other' },
      { data_type: 'logs', op: 'coalesce', fields: 'host, source_ip', to: 'origin' },
      { data_type: 'logs', op: 'case', field: 'level', to: 'lower' },
      { data_type: 'logs', op: 'regex_replace', field: 'message', pattern: '\\d+', replacement: '#' },
      { data_type: 'logs', op: 'cast', field: 'pid', to: 'text' },
      { data_type: 'logs', op: 'map', field: 'pid', values: '{"1": "init", "2": 2}' },
    ];
    expect(buildTransformations(rows)).toEqual({
      logs: [
        { op: 'concat', fields: ['host', 'process'], separator: '/', to: 'where' },
        { op: 'map', field: 'level', values: { ERROR: 'e', WARN: 'w' }, default: 'other' },
        { op: 'coalesce', fields: ['host', 'source_ip'], to: 'origin' },
        { op: 'case', field: 'level', to: 'lower' },
        { op: 'regex_replace', field: 'message', pattern: '\\d+', replacement: '#' },
        { op: 'cast', field: 'pid', to: 'text' },
        { op: 'map', field: 'pid', values: { '1': 'init', '2': 2 } },
      ],
    });
    // concat without a separator leaves it to the server's default ""
    expect(buildTransformations([{ data_type: 'logs', op: 'concat', fields: 'a,b', to: 'c' }])).toEqual({
      logs: [{ op: 'concat', fields: ['a', 'b'], to: 'c' }],
    });
  });

  it('parses map values as key=value lines or a JSON object and refuses anything else', () => {
    expect(parseMapValues('a=1\nb=x=y')).toEqual({ a: '1', b: 'x=y' });
    expect(parseMapValues('{"a": null}')).toEqual({ a: null });
    expect(() => parseMapValues('a')).toThrow('Line 1: write key=value');
    expect(() => parseMapValues('{a')).toThrow('Not valid JSON');
    expect(() => parseMapValues('[1]')).toThrow('Line 1: write key=value');
    expect(() => parseMapValues('{}')).not.toThrow();
    expect(() => parseMapValues('')).toThrow('List at least one');
    expect(formatMapValues({ a: '1', b: 'two' })).toBe('a=1\nb=two');
    expect(formatMapValues({ a: 1 })).toBe('{\n  "a": 1\n}');
  });

  it('round-trips every new field through a stored config', () => {
    const stored = {
      data_types: ['logs', 'ips'],
      batch_size: 1000,
      include_metadata: true,
      validation_level: 'basic' as const,
      output_format: 'csv' as const,
      compression: 'zstd' as const,
      compression_level: 3,
      csv_escape_formulas: true,
      encryption: { type: 'openpgp' as const, recipients: ['key-1', '0123456789ABCDEF'] },
      filters: {
        logs: { level: { in: ['ERROR', 'WARN'] }, 'metadata.user.id': { eq: 7, is_null: false } },
        ips: { ip: { within: '10.0.0.0/8' }, first_seen: { gte: '2024-03-03T00:00:00.000Z' } },
      },
      transformations: {
        logs: [
          { op: 'concat' as const, fields: ['host', 'process'], separator: '/', to: 'where' },
          { op: 'map' as const, field: 'level', values: { ERROR: 'e' }, default: 'x' },
          { op: 'coalesce' as const, fields: ['host', 'source_ip'], to: 'origin' },
          { op: 'case' as const, field: 'level', to: 'upper' },
          { op: 'regex_replace' as const, field: 'message', pattern: 'a+', replacement: 'b' },
          { op: 'cast' as const, field: 'pid', to: 'float' },
        ],
      },
    };
    const values = formValuesFromRequest(stored, datasets);
    expect(values).toMatchObject({
      compression: 'zstd',
      compression_level: 3,
      csv_escape_formulas: true,
      encrypt: true,
    });
    expect(values.filters?.logs).toEqual([
      { column: 'level', op: 'in', value: ['ERROR', 'WARN'] },
      { column: 'metadata', path: 'user.id', kind: 'number', op: 'eq', value: 7 },
      { column: 'metadata', path: 'user.id', kind: 'text', op: 'is_null', value: false },
    ]);
    expect(buildExportRequest(values)).toEqual(stored);
  });

  it('expands flat filters to every requested type having the column', () => {
    const values = formValuesFromRequest(
      { data_types: ['logs', 'anomalies', 'ips'], filters: { process: 'nginx', 'metadata.k': ['a', 'b'] } },
      datasets,
    );
    expect(values.filters).toEqual({
      logs: [
        { column: 'process', op: 'eq', value: 'nginx' },
        { column: 'metadata', path: 'k', kind: 'text', op: 'in', value: ['a', 'b'] },
      ],
      anomalies: [{ column: 'process', op: 'eq', value: 'nginx' }],
      ips: [{ column: 'metadata', path: 'k', kind: 'text', op: 'in', value: ['a', 'b'] }],
    });
    expect(buildExportRequest(values).filters).toEqual({
      logs: { process: { eq: 'nginx' }, 'metadata.k': { in: ['a', 'b'] } },
      anomalies: { process: { eq: 'nginx' } },
      ips: { 'metadata.k': { in: ['a', 'b'] } },
    });
  });

  it('sends encryption and filter errors where the form shows them', () => {
    expect(formFieldFor('encryption.recipients[1]')).toBe('recipients');
    expect(formFieldFor('encryption')).toBe('recipients');
    expect(formFieldFor('compression_level')).toBe('compression_level');
    expect(formFieldFor('filters.logs.compression')).toBeNull();
  });
});
