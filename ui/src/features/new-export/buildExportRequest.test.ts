import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { buildExportRequest, DEFAULT_FORM_VALUES, formFieldFor, parseProcesses } from './buildExportRequest';

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
