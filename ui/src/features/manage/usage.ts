import dayjs from 'dayjs';
import type { UsageBucket, UsageItem, UsageReport } from '../../api/bulk';

export type UsageMetric = 'exports' | 'records' | 'bytes' | 'duration_ms';

export interface UsagePeriod {
  /** First day of the period, YYYY-MM-DD. */
  period: string;
  /** The metric per data type, summed over users. */
  byType: Record<string, number>;
  total: number;
}

/** First day of the period `day` falls in: itself, its Monday, or the 1st of its month. */
export function periodStart(day: string, bucket: UsageBucket): string {
  const d = dayjs(day);
  if (bucket === 'month') return d.startOf('month').format('YYYY-MM-DD');
  if (bucket === 'week') return d.subtract((d.day() + 6) % 7, 'day').format('YYYY-MM-DD');
  return d.format('YYYY-MM-DD');
}

/** Every period from `from` to `to`, oldest first, as the server names them. */
export function periodsBetween(from: string, to: string, bucket: UsageBucket): string[] {
  const periods: string[] = [];
  let current = periodStart(from, bucket);
  const last = periodStart(to, bucket);
  const step = bucket === 'month' ? 'month' : bucket === 'week' ? 'week' : 'day';
  while (current <= last && periods.length < 500) {
    periods.push(current);
    current = dayjs(current).add(1, step).format('YYYY-MM-DD');
  }
  return periods;
}

/** The data types present in the report, sorted. */
export function dataTypes(items: UsageItem[]): string[] {
  return [...new Set(items.map((i) => i.data_type))].sort();
}

/** One entry per period of the report's range (empty periods included), `metric` per data type. */
export function usageByPeriod(report: UsageReport, metric: UsageMetric): UsagePeriod[] {
  const periods = periodsBetween(report.from, report.to, report.bucket).map<UsagePeriod>((period) => ({
    period,
    byType: {},
    total: 0,
  }));
  const index = new Map(periods.map((p) => [p.period, p]));
  for (const item of report.items) {
    const p = index.get(item.period);
    if (!p) continue;
    const value = item[metric];
    p.byType[item.data_type] = (p.byType[item.data_type] ?? 0) + value;
    p.total += value;
  }
  return periods;
}
