import { useCallback, useEffect, useMemo, useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, Col, DatePicker, Input, Row, Segmented, Select, Space, Statistic, Table } from 'antd';
import { errorMessage } from '../../api/client';
import { bulkApi, type UsageBucket, type UsageItem, type UsageReport } from '../../api/bulk';
import { formatNumber, humanSize } from '../../components/format';
import { dataTypes, type UsageMetric, usageByPeriod } from './usage';
import { UsageChart } from './UsageChart';

const METRICS: { value: UsageMetric; label: string; format: (n: number) => string }[] = [
  { value: 'exports', label: 'Exports', format: (n) => formatNumber(n) },
  { value: 'records', label: 'Records', format: (n) => formatNumber(n) },
  { value: 'bytes', label: 'Bytes', format: (n) => humanSize(n) },
  { value: 'duration_ms', label: 'Duration', format: (n) => duration(n) },
];

/** Milliseconds as "850 ms", "12.3 s" or "4.5 min". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

const DAY = 'YYYY-MM-DD';

/**
 * Usage over time per user and data type, from `GET /usage`: a chart of one metric per period stacked
 * by data type, the totals, and the rows behind them. A user sees their own; an admin everyone's, or
 * one user's.
 */
export function UsageSection() {
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const [bucket, setBucket] = useState<UsageBucket>('day');
  const [userInput, setUserInput] = useState('');
  const [user, setUser] = useState('');
  const [metric, setMetric] = useState<UsageMetric>('records');
  const [report, setReport] = useState<UsageReport | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setReport(
        await bulkApi.usage({
          from: range[0].format(DAY),
          to: range[1].format(DAY),
          bucket,
          user: user.trim() || undefined,
        }),
      );
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [range, bucket, user]);

  useEffect(() => {
    void load();
  }, [load]);

  const chosen = METRICS.find((m) => m.value === metric) ?? METRICS[0];
  const periods = useMemo(() => (report ? usageByPeriod(report, metric) : []), [report, metric]);
  const types = useMemo(() => (report ? dataTypes(report.items) : []), [report]);

  return (
    <Card size="small" title="Usage over time">
      <Space wrap style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker
          aria-label="Usage range"
          allowClear={false}
          value={range}
          onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
        />
        <Select<UsageBucket>
          aria-label="Period"
          value={bucket}
          onChange={setBucket}
          style={{ width: 110 }}
          options={[
            { value: 'day', label: 'By day' },
            { value: 'week', label: 'By week' },
            { value: 'month', label: 'By month' },
          ]}
        />
        <Input.Search
          aria-label="User (admins)"
          placeholder="User (admins)"
          allowClear
          value={userInput}
          onChange={(e) => setUserInput(e.target.value)}
          onSearch={(value) => setUser(value)}
          style={{ width: 220 }}
        />
        <Button onClick={() => void load()} loading={loading}>
          Refresh
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={`Usage: ${error}`} style={{ marginBottom: 16 }} />}
      {report && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title="Exports" value={formatNumber(report.totals.exports)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="Records" value={formatNumber(report.totals.records)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="Bytes" value={humanSize(report.totals.bytes)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="Average duration" value={duration(report.totals.avg_duration_ms)} />
            </Col>
          </Row>
          <Segmented<UsageMetric>
            aria-label="Chart metric"
            value={metric}
            onChange={setMetric}
            options={METRICS.map(({ value, label }) => ({ value, label }))}
          />
          <UsageChart
            periods={periods}
            types={types}
            label={`${chosen.label} per ${report.bucket} by data type`}
            format={chosen.format}
          />
          <Table<UsageItem>
            size="small"
            rowKey={(r) => `${r.period}/${r.user}/${r.data_type}`}
            dataSource={report.items}
            loading={loading}
            locale={{ emptyText: 'No exports in this range' }}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 'max-content' }}
            columns={[
              { title: 'Period', dataIndex: 'period' },
              { title: 'User', dataIndex: 'user' },
              { title: 'Data type', dataIndex: 'data_type' },
              { title: 'Exports', dataIndex: 'exports', align: 'right', render: (n: number) => formatNumber(n) },
              { title: 'Completed', dataIndex: 'completed', align: 'right', render: (n: number) => formatNumber(n) },
              { title: 'Records', dataIndex: 'records', align: 'right', render: (n: number) => formatNumber(n) },
              { title: 'Bytes', dataIndex: 'bytes', align: 'right', render: (n: number) => humanSize(n) },
              { title: 'Duration', dataIndex: 'duration_ms', align: 'right', render: (n: number) => duration(n) },
              {
                title: 'Avg duration',
                dataIndex: 'avg_duration_ms',
                align: 'right',
                render: (n: number | null) => duration(n),
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
