import { Space, Typography } from 'antd';
import type { UsagePeriod } from './usage';

const PALETTE = ['#1677ff', '#52c41a', '#fa8c16', '#722ed1', '#eb2f96', '#13c2c2', '#a0d911', '#2f54eb'];
const W = 1000;
const H = 220;
const PAD_BOTTOM = 22;
const PAD_TOP = 14;

/** A colour per data type, stable for a given sorted list of types. */
export function typeColors(types: string[]): Record<string, string> {
  return Object.fromEntries(types.map((t, i) => [t, PALETTE[i % PALETTE.length]]));
}

/**
 * Bars per period, stacked by data type; `format` renders a value for the tooltips and the labels.
 * Every label is kept when there are few periods, every few otherwise.
 */
export function UsageChart({
  periods,
  types,
  label,
  format,
}: {
  periods: UsagePeriod[];
  types: string[];
  label: string;
  format: (n: number) => string;
}) {
  const colors = typeColors(types);
  const max = Math.max(1, ...periods.map((p) => p.total));
  const slot = W / Math.max(1, periods.length);
  const scale = (H - PAD_BOTTOM - PAD_TOP) / max;
  const labelEvery = Math.ceil(periods.length / 16);
  return (
    <div>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label}>
        {periods.map((p, i) => {
          let y = H - PAD_BOTTOM;
          return (
            <g key={p.period} data-period={p.period}>
              <title>
                {`${p.period}: ${format(p.total)}${types
                  .filter((t) => p.byType[t])
                  .map((t) => `, ${t} ${format(p.byType[t])}`)
                  .join('')}`}
              </title>
              {types.map((t) => {
                const value = p.byType[t] ?? 0;
                if (!value) return null;
                const h = value * scale;
                y -= h;
                return (
                  <rect key={t} x={i * slot + 2} y={y} width={Math.max(1, slot - 4)} height={h} fill={colors[t]} />
                );
              })}
              {i % labelEvery === 0 && (
                <text x={i * slot + slot / 2} y={H - 6} fontSize="11" textAnchor="middle" fill="#595959">
                  {p.period.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        {periods.some((p) => p.total > 0) && (
          <text x={4} y={11} fontSize="11" fill="#595959">
            {format(max)}
          </text>
        )}
      </svg>
      <Space wrap size="small">
        {types.map((t) => (
          <Space key={t} size={4}>
            <span style={{ display: 'inline-block', width: 10, height: 10, background: colors[t] }} />
            <Typography.Text>{t}</Typography.Text>
          </Space>
        ))}
      </Space>
    </div>
  );
}
