import { describe, expect, it } from 'vitest';
import { statusColor } from './status';

describe('statusColor', () => {
  it.each([
    ['pending', 'default'],
    ['running', 'processing'],
    ['finalizing', 'cyan'],
    ['completed', 'success'],
    ['failed', 'error'],
    ['cancelled', 'warning'],
  ])('%s → %s', (status, color) => {
    expect(statusColor(status)).toBe(color);
  });

  it('falls back to default', () => {
    expect(statusColor('weird')).toBe('default');
    expect(statusColor(undefined)).toBe('default');
    expect(statusColor(null)).toBe('default');
  });
});
