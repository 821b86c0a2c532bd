import { useCallback, useEffect, useMemo, useState } from 'react';
import { Alert, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { api, errorMessage } from '../../api/client';
import type { ExportStatusResponse } from '../../api/types';
import { humanSize } from '../../components/format';
import { aggregateByDay, CHART_STATUSES, type DayBucket } from './charts';

const COLORS: Record<string, string> = {
  completed: '#52c41a',
  failed: '#ff4d4f',
  cancelled: '#faad14',
  running: '#1677ff',
  finalizing: '#13c2c2',
  pending: '#bfbfbf',
};

const W = 560;
const H = 180;
const PAD_BOTTOM = 22;
const PAD_TOP = 14;

function StackedBars({ buckets }: { buckets: DayBucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const slot = W / buckets.length;
  const scale = (H - PAD_BOTTOM - PAD_TOP) / max;
  const statuses = [...CHART_STATUSES, ...new Set(buckets.flatMap((b) => Object.keys(b.byStatus)))].filter(
    (s, i, a) => a.indexOf(s) === i,
  );
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Exports per day">
      {buckets.map((b, i) => {
        let y = H - PAD_BOTTOM;
        return (
          <g key={b.day}>
            <title>{`${b.day}: ${b.total} export${b.total === 1 ? '' : 's'}${Object.entries(b.byStatus)
              .map(([s, n]) => `, ${s} ${n}`)
              .join('')}`}</title>
            {statuses.map((s) => {
              const n = b.byStatus[s] ?? 0;
              if (!n) return null;
              const h = n * scale;
              y -= h;
              return <rect key={s} x={i * slot + 4} y={y} width={slot - 8} height={h} fill={COLORS[s] ?? '#8c8c8c'} />;
            })}
            {b.total > 0 && (
              <text x={i * slot + slot / 2} y={y - 3} fontSize="10" textAnchor="middle">
                {b.total}
              </text>
            )}
            <text x={i * slot + slot / 2} y={H - 6} fontSize="10" textAnchor="middle" fill="#8c8c8c">
              {b.day.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function StorageBars({ buckets }: { buckets: DayBucket[] }) {
  const max = Math.max(1, ...buckets.map((b) => b.cumulativeBytes));
  const slot = W / buckets.length;
  const scale = (H - PAD_BOTTOM - PAD_TOP) / max;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Storage used">
      {buckets.map((b, i) => {
        const h = b.cumulativeBytes * scale;
        const newH = b.bytes * scale;
        return (
          <g key={b.day}>
            <title>{`${b.day}: ${humanSize(b.cumulativeBytes)} in total, ${humanSize(b.bytes)} new`}</title>
            <rect x={i * slot + 4} y={H - PAD_BOTTOM - h} width={slot - 8} height={h} fill="#91caff" />
            <rect x={i * slot + 4} y={H - PAD_BOTTOM - h} width={slot - 8} height={newH} fill="#1677ff" />
            <text x={i * slot + slot / 2} y={H - 6} fontSize="10" textAnchor="middle" fill="#8c8c8c">
              {b.day.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function Legend({ items }: { items: [string, string][] }) {
  return (
    <Space wrap size="small">
      {items.map(([label, color]) => (
        <Space key={label} size={4}>
          <span style={{ display: 'inline-block', width: 10, height: 10, background: color }} />
          <Typography.Text type="secondary">{label}</Typography.Text>
        </Space>
      ))}
    </Space>
  );
}

/** "Exports per day" (stacked by status) and "Storage used" for the last 14 days, from the history list. */
export function ExportCharts({ reloadKey = 0 }: { reloadKey?: number }) {
  const [items, setItems] = useState<ExportStatusResponse[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setItems((await api.list(1000, 0)).items ?? []);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load, reloadKey]);

  const buckets = useMemo(() => (items ? aggregateByDay(items, 14) : []), [items]);
  const present = useMemo(() => CHART_STATUSES.filter((s) => buckets.some((b) => b.byStatus[s])), [buckets]);

  if (error) return <Alert type="error" showIcon title={`Charts: ${error}`} />;
  if (!items) return <Spin />;
  const last = buckets[buckets.length - 1];
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title="Exports per day"
          extra={<Typography.Text type="secondary">last 14 days</Typography.Text>}
        >
          <StackedBars buckets={buckets} />
          <Legend items={(present.length ? present : ['completed']).map((s) => [s, COLORS[s]])} />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
          title="Storage used"
          extra={<Typography.Text type="secondary">{humanSize(last?.cumulativeBytes ?? 0)}</Typography.Text>}
        >
          <StorageBars buckets={buckets} />
          <Legend
            items={[
              ['stored', '#91caff'],
              ['new that day', '#1677ff'],
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
