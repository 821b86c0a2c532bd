import { describe, expect, it } from 'vitest';
import { computeThroughput, formatDuration, formatMillis } from './throughput';

describe('computeThroughput', () => {
  it('needs two samples some time apart', () => {
    expect(computeThroughput(null, { at: 1, records: 1 })).toBeNull();
    expect(computeThroughput({ at: 1000, records: 0 }, { at: 1000, records: 5 })).toBeNull();
  });

  it('computes records per second and the ETA', () => {
    const t = computeThroughput({ at: 0, records: 100 }, { at: 4000, records: 500 }, 1500);
    expect(t).toEqual({ rate: 100, etaSeconds: 10 });
  });

  it('has no ETA without progress or total', () => {
    expect(computeThroughput({ at: 0, records: 5 }, { at: 2000, records: 5 }, 10)).toEqual({
      rate: 0,
      etaSeconds: null,
    });
    expect(computeThroughput({ at: 0, records: 0 }, { at: 2000, records: 10 })?.etaSeconds).toBeNull();
  });
});

describe('formatDuration', () => {
  it('formats seconds, minutes and hours', () => {
    expect(formatDuration(4.4)).toBe('4s');
    expect(formatDuration(75)).toBe('1m 15s');
    expect(formatDuration(3700)).toBe('1h 1m');
  });
});

describe('formatMillis', () => {
  it('keeps short shard durations readable', () => {
    expect(formatMillis(420)).toBe('420 ms');
    expect(formatMillis(4210)).toBe('4.2s');
    expect(formatMillis(75000)).toBe('1m 15s');
    expect(formatMillis(null)).toBe('-');
    expect(formatMillis(undefined)).toBe('-');
  });
});
