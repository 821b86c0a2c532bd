import dayjs from 'dayjs';
import type { ExportStatusResponse } from '../../api/types';

export const CHART_STATUSES = ['completed', 'failed', 'cancelled', 'running', 'finalizing', 'pending'] as const;

export interface DayBucket {
  /** local date, YYYY-MM-DD */
  day: string;
  /** exports created that day, by status */
  byStatus: Record<string, number>;
  total: number;
  /** bytes of the exports created that day */
  bytes: number;
  /** bytes of all listed exports created up to the end of that day */
  cumulativeBytes: number;
}

// created_at and total_size may be missing on rows from older servers; the charts skip or zero them
type Item = Pick<ExportStatusResponse, 'status'> & Partial<Pick<ExportStatusResponse, 'created_at' | 'total_size'>>;

/**
 * Exports per day for the last `days` days (oldest first, today last), counted by status, with the
 * bytes created per day and the running storage total (exports older than the window count from the start).
 */
export function aggregateByDay(items: Item[], days = 14, now: Date | string | number = Date.now()): DayBucket[] {
  const today = dayjs(now).startOf('day');
  const first = today.subtract(days - 1, 'day');
  const buckets: DayBucket[] = Array.from({ length: days }, (_, i) => ({
    day: first.add(i, 'day').format('YYYY-MM-DD'),
    byStatus: {},
    total: 0,
    bytes: 0,
    cumulativeBytes: 0,
  }));
  let before = 0;
  for (const item of items) {
    if (!item.created_at) continue;
    const created = dayjs(item.created_at);
    if (!created.isValid()) continue;
    const size = typeof item.total_size === 'number' && item.total_size > 0 ? item.total_size : 0;
    const index = created.startOf('day').diff(first, 'day');
    if (index < 0) {
      before += size;
      continue;
    }
    if (index >= days) continue;
    const b = buckets[index];
    const status = item.status ?? 'unknown';
    b.byStatus[status] = (b.byStatus[status] ?? 0) + 1;
    b.total += 1;
    b.bytes += size;
  }
  let running = before;
  for (const b of buckets) {
    running += b.bytes;
    b.cumulativeBytes = running;
  }
  return buckets;
}
