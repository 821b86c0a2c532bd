import { describe, expect, it } from 'vitest';
import dayjs from 'dayjs';
import { aggregateByDay } from './charts';

const NOW = dayjs('2025-03-14T12:00:00').valueOf();
const at = (day: string, time = '10:00:00') => dayjs(`${day}T${time}`).toISOString();

describe('aggregateByDay', () => {
  it('makes one bucket per day for the last 14 days, oldest first', () => {
    const b = aggregateByDay([], 14, NOW);
    expect(b).toHaveLength(14);
    expect(b[0].day).toBe('2025-03-01');
    expect(b[13].day).toBe('2025-03-14');
    expect(b.every((x) => x.total === 0 && x.bytes === 0 && x.cumulativeBytes === 0)).toBe(true);
  });

  it('counts exports by day and status and sums their sizes', () => {
    const b = aggregateByDay(
      [
        { created_at: at('2025-03-14', '00:00:01'), status: 'completed', total_size: 100 },
        { created_at: at('2025-03-14', '23:59:00'), status: 'completed', total_size: 50 },
        { created_at: at('2025-03-14'), status: 'failed', total_size: undefined },
        { created_at: at('2025-03-10'), status: 'running', total_size: 0 },
        { created_at: at('2025-03-01'), status: 'cancelled', total_size: 7 },
      ],
      14,
      NOW,
    );
    const today = b[13];
    expect(today.byStatus).toEqual({ completed: 2, failed: 1 });
    expect(today.total).toBe(3);
    expect(today.bytes).toBe(150);
    expect(b.find((x) => x.day === '2025-03-10')?.byStatus).toEqual({ running: 1 });
    expect(b[0].byStatus).toEqual({ cancelled: 1 });
  });

  it('ignores exports outside the window for counts but starts storage from older ones', () => {
    const b = aggregateByDay(
      [
        { created_at: at('2025-02-01'), status: 'completed', total_size: 1000 },
        { created_at: at('2025-03-02'), status: 'completed', total_size: 10 },
        { created_at: at('2025-03-20'), status: 'completed', total_size: 5 },
        { created_at: undefined, status: 'completed', total_size: 5 },
        { created_at: 'garbage', status: 'completed', total_size: 5 },
      ],
      14,
      NOW,
    );
    expect(b.reduce((n, x) => n + x.total, 0)).toBe(1);
    expect(b[0].cumulativeBytes).toBe(1000);
    expect(b[1].cumulativeBytes).toBe(1010);
    expect(b[13].cumulativeBytes).toBe(1010);
  });
});
