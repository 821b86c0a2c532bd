import { describe, expect, it } from 'vitest';
import { formatDateTime, humanSize } from './format';

describe('humanSize', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1.2 * 1024 * 1024, '1.2 MB'],
    [5 * 1024 ** 3, '5 GB'],
    [2.25 * 1024 ** 4, '2.3 TB'],
  ])('%d → %s', (bytes, text) => {
    expect(humanSize(bytes)).toBe(text);
  });

  it('shows a dash when unknown', () => {
    expect(humanSize(undefined)).toBe('-');
    expect(humanSize(null)).toBe('-');
    expect(humanSize(-1)).toBe('-');
  });
});

describe('formatDateTime', () => {
  it('formats and tolerates missing values', () => {
    expect(formatDateTime(null)).toBe('-');
    expect(formatDateTime('2025-01-02T03:04:00')).toBe('2025-01-02 03:04');
  });
});
