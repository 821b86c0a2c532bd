import { describe, expect, it } from 'vitest';
import type { UsageReport } from '../../api/bulk';
import { periodStart, periodsBetween, usageByPeriod } from './usage';

const item = (period: string, user: string, data_type: string, records: number) => ({
  period,
  user,
  data_type,
  exports: 1,
  completed: 1,
  records,
  bytes: records * 10,
  duration_ms: 100,
  avg_duration_ms: 100,
});

describe('usage periods', () => {
  it('start on the day, the Monday and the 1st', () => {
    expect(periodStart('2026-11-29', 'day')).toBe('2026-11-29');
    expect(periodStart('2026-11-29', 'week')).toBe('2026-11-23'); // a Sunday
    expect(periodStart('2026-11-23', 'week')).toBe('2026-11-23'); // a Monday
    expect(periodStart('2026-11-29', 'month')).toBe('2026-11-01');
  });

  it('cover the range, partial periods included', () => {
    expect(periodsBetween('2026-11-28', '2026-12-01', 'day')).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    expect(periodsBetween('2026-11-25', '2026-12-08', 'week')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(periodsBetween('2026-10-15', '2026-12-01', 'month')).toEqual(['2026-10-01', '2026-11-01', '2026-12-01']);
  });

  it('sum a metric per data type over users, empty periods kept', () => {
    const report: UsageReport = {
      bucket: 'day',
      from: '2026-11-27',
      to: '2026-11-29',
      user: null,
      items: [
        item('2026-11-27', 'alice', 'logs', 5),
        item('2026-11-27', 'bob', 'logs', 7),
        item('2026-11-29', 'alice', 'ips', 3),
      ],
      totals: { exports: 3, completed: 3, records: 15, bytes: 150, duration_ms: 300, avg_duration_ms: 100 },
    };
    expect(usageByPeriod(report, 'records')).toEqual([
      { period: '2026-11-27', byType: { logs: 12 }, total: 12 },
      { period: '2026-11-28', byType: {}, total: 0 },
      { period: '2026-11-29', byType: { ips: 3 }, total: 3 },
    ]);
    expect(usageByPeriod(report, 'bytes')[0].total).toBe(120);
  });
});
