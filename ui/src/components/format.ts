import dayjs from 'dayjs';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Human readable byte size with 1024 steps: 0 B, 512 B, 1.2 KB, 1.2 MB … ("-" when unknown). */
export function humanSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || Number.isNaN(bytes)) return '-';
  if (bytes < 0) return '-';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const text = value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${UNITS[unit]}`;
}

export const DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export function formatDateTime(value: string | null | undefined, format = DATE_TIME_FORMAT): string {
  if (!value) return '-';
  const d = dayjs(value);
  return d.isValid() ? d.format(format) : value;
}

export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return value.toLocaleString('en-US');
}
