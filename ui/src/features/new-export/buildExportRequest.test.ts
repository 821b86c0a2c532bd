import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import {
  buildExportRequest,
  buildTransformations,
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
      compression: false,
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
      compression: true,
    });
    expect(body).toMatchObject({
      batch_size: 50,
      include_metadata: false,
      validation_level: 'strict',
      output_format: 'csv',
      compression: true,
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
