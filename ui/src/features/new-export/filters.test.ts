import { describe, expect, it } from 'vitest';
import {
  buildFilters,
  columnOf,
  describeFilters,
  duplicateRows,
  FALLBACK_DATASETS,
  filterErrorPaths,
  filterGroupsFromRequest,
  isCidr,
  isIpAddress,
  isTimestamp,
  operatorsFor,
  parseListEntry,
  valueProblem,
  valueTypeOf,
} from './filters';

const logs = (column: string) => columnOf(FALLBACK_DATASETS, 'logs', column);

describe('filter operators and value types', () => {
  it('offers each type its operators, a JSON column only is_null until a path is given', () => {
    expect(operatorsFor(logs('pid'), {})).toEqual(['eq', 'ne', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'is_null']);
    expect(operatorsFor(logs('source_ip'), {})).toContain('within');
    expect(operatorsFor(logs('level'), {})).not.toContain('within');
    expect(operatorsFor(logs('level'), {})).toContain('prefix');
    expect(operatorsFor(logs('metadata'), {})).toEqual(['is_null']);
    expect(operatorsFor(logs('metadata'), { path: 'user.id' })).toContain('contains');
    expect(operatorsFor(logs('metadata'), { path: 'user.id', kind: 'number' })).not.toContain('prefix');
    expect(operatorsFor(undefined, {})).toEqual([]);
  });

  it('uses the operators the server lists for a column and for paths into a JSON column', () => {
    const column = { name: 'level', type: 'text' as const, filter_operators: ['eq' as const] };
    expect(operatorsFor(column, {})).toEqual(['eq']);
    const json = {
      name: 'metadata',
      type: 'json' as const,
      filter_operators: ['is_null' as const],
      path_operators: ['eq' as const, 'prefix' as const, 'gt' as const],
    };
    expect(operatorsFor(json, {})).toEqual(['is_null']);
    expect(operatorsFor(json, { path: 'a' })).toEqual(['eq', 'gt', 'prefix']);
    expect(operatorsFor(json, { path: 'a', kind: 'number' })).toEqual(['eq', 'gt']);
  });

  it('checks a JSON path value by its kind', () => {
    expect(valueTypeOf(logs('metadata'), { path: 'a' })).toBe('text');
    expect(valueTypeOf(logs('metadata'), { path: 'a', kind: 'number' })).toBe('number');
    expect(valueTypeOf(logs('metadata'), { path: 'a', kind: 'boolean' })).toBe('boolean');
    expect(valueTypeOf(logs('metadata'), {})).toBe('json');
    expect(valueTypeOf(logs('timestamp'), {})).toBe('timestamp');
  });
});

describe('value validation', () => {
  it('wants numbers for numeric columns', () => {
    expect(valueProblem('integer', 'eq', 5)).toBeNull();
    expect(valueProblem('integer', 'eq', 5.5)).toBe('Enter a whole number');
    expect(valueProblem('integer', 'gt', undefined)).toBe('Enter a whole number');
    expect(valueProblem('number', 'lt', 0.25)).toBeNull();
    expect(valueProblem('number', 'lt', 'x')).toBe('Enter a number');
    expect(valueProblem('integer', 'in', [1, 'two'])).toBe('"two": enter a whole number');
  });

  it('wants timestamps with an offset', () => {
    expect(isTimestamp('2024-03-03T00:00:00Z')).toBe(true);
    expect(isTimestamp('2024-03-03T00:00:00.123+01:00')).toBe(true);
    expect(isTimestamp('2024-03-03T00:00:00')).toBe(false);
    expect(isTimestamp('2024-13-03T00:00:00Z')).toBe(false);
    expect(valueProblem('timestamp', 'gte', 'yesterday')).toMatch(/offset/);
  });

  it('wants CIDR networks for within and addresses for inet comparisons', () => {
    expect(isCidr('10.0.0.0/8')).toBe(true);
    expect(isCidr('2001:db8::/32')).toBe(true);
    expect(isCidr('10.0.0.0/33')).toBe(false);
    expect(isCidr('10.0.0.0')).toBe(false);
    expect(isCidr('300.0.0.0/8')).toBe(false);
    expect(isIpAddress('::ffff:10.0.0.1')).toBe(true);
    expect(isIpAddress('2001:db8::1::2')).toBe(false);
    expect(isIpAddress('example.com')).toBe(false);
    expect(valueProblem('inet', 'within', '10.0.0.0/8')).toBeNull();
    expect(valueProblem('inet', 'within', 'nope')).toMatch(/CIDR/);
    expect(valueProblem('inet', 'eq', '192.0.2.1')).toBeNull();
    expect(valueProblem('inet', 'eq', '192.0.2')).toBe('Enter an IP address');
  });

  it('wants a boolean for is_null and a non-empty list of at most 1000 for in', () => {
    expect(valueProblem('text', 'is_null', true)).toBeNull();
    expect(valueProblem('text', 'is_null', undefined)).toMatch(/null/);
    expect(valueProblem('text', 'in', [])).toBe('Enter at least one value');
    expect(
      valueProblem(
        'text',
        'not_in',
        Array.from({ length: 1001 }, (_, i) => `v${i}`),
      ),
    ).toBe('At most 1000 values');
    expect(valueProblem('text', 'eq', '')).toBe('Enter a value');
    expect(valueProblem(undefined, 'eq', '')).toBeNull();
  });

  it('types list entries by the column', () => {
    expect(parseListEntry('integer', ' 42 ')).toBe(42);
    expect(parseListEntry('integer', 'x')).toBe('x');
    expect(parseListEntry('boolean', 'true')).toBe(true);
    expect(parseListEntry('text', ' 42 ')).toBe('42');
  });
});

describe('building and loading filters', () => {
  it('finds a second row with the same column and operator', () => {
    expect([
      ...duplicateRows([
        { column: 'pid', op: 'gt', value: 1 },
        { column: 'pid', op: 'lt', value: 9 },
        { column: 'pid', op: 'gt', value: 2 },
        undefined,
      ]),
    ]).toEqual([2]);
  });

  it('keeps list values apart from the form', () => {
    const list = ['a'];
    const filters = buildFilters({ logs: [{ column: 'level', op: 'in', value: list }] }, ['logs']);
    list.push('b');
    expect(filters).toEqual({ logs: { level: { in: ['a'] } } });
  });

  it('reads per-type keys, flat keys and scalar, array and object conditions', () => {
    const groups = filterGroupsFromRequest(
      {
        logs: { level: 'ERROR', pid: [1, 2], host: { prefix: 'web', ne: 'web-9' } },
        severity: { is_null: false },
        nosuch: 'x',
      },
      ['logs', 'anomalies'],
      FALLBACK_DATASETS,
    );
    expect(groups).toEqual({
      logs: [
        { column: 'level', op: 'eq', value: 'ERROR' },
        { column: 'pid', op: 'in', value: [1, 2] },
        { column: 'host', op: 'prefix', value: 'web' },
        { column: 'host', op: 'ne', value: 'web-9' },
        // a column none of them has (the server would have refused it) goes to every requested type
        { column: 'nosuch', op: 'eq', value: 'x' },
      ],
      anomalies: [
        { column: 'severity', op: 'is_null', value: false },
        { column: 'nosuch', op: 'eq', value: 'x' },
      ],
    });
  });

  it('describes stored filters for the export page', () => {
    expect(
      describeFilters(
        { logs: { level: { in: ['ERROR', 'WARN'] }, 'metadata.user': { is_null: true } }, process: 'nginx' },
        ['logs'],
      ),
    ).toEqual(['all types: process = nginx', 'logs: level in ERROR, WARN; metadata.user is null']);
    expect(describeFilters({}, ['logs'])).toEqual([]);
  });

  it("puts a problem document's filter error on the rows of that column", () => {
    const groups = {
      logs: [
        { column: 'level', op: 'eq' as const, value: 'x' },
        { column: 'pid', op: 'gte' as const, value: 1 },
        { column: 'metadata', path: 'user.id', op: 'eq' as const, value: 'u' },
        { column: 'level', op: 'ne' as const, value: 'y' },
      ],
    };
    expect(filterErrorPaths('filters.logs.level', groups)).toEqual([
      ['filters', 'logs', 0, 'value'],
      ['filters', 'logs', 3, 'value'],
    ]);
    expect(filterErrorPaths('filters.logs.pid.gte', groups)).toEqual([['filters', 'logs', 1, 'value']]);
    expect(filterErrorPaths('filters.logs.metadata.user.id', groups)).toEqual([['filters', 'logs', 2, 'value']]);
    expect(filterErrorPaths('filters.level', groups)).toEqual([]);
    expect(filterErrorPaths('filters.ips.ip', groups)).toEqual([]);
  });
});
