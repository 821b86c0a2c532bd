import { useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Progress,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import type { ShardProgress, ValidationSummary } from '../../api/types';
import { formatDateTime, formatNumber, humanSize } from '../../components/format';
import { StatusTag } from '../../components/StatusTag';
import { DownloadList } from './DownloadList';
import { describeCompression, ExportConfigSummary } from './ExportConfigSummary';
import { useExportPolling } from './useExportPolling';
import { computeThroughput, formatDuration, formatMillis, type Sample } from './throughput';
import { PageTitle } from '../../components/PageTitle';

const CANCELLABLE = new Set(['pending', 'running', 'finalizing']);

function progressStatus(status: string | undefined): 'success' | 'exception' | 'active' | 'normal' {
  if (status === 'completed') return 'success';
  if (status === 'failed') return 'exception';
  if (status === 'running' || status === 'finalizing' || status === 'pending') return 'active';
  return 'normal';
}

function percentOf(done: number | undefined, total: number | undefined): number {
  if (!total || total <= 0) return done ? 100 : 0;
  return Math.min(100, Math.floor(((done ?? 0) * 100) / total));
}

function ValidationFigures({ type, v }: { type: string; v: ValidationSummary }) {
  return (
    <Card size="small" title={`Validation: ${type}`}>
      <Row gutter={[16, 8]}>
        <Col xs={12} sm={6}>
          <Statistic title="Level" value={v.level ?? '-'} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title="Checked" value={v.checked ?? 0} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title="Valid" value={v.valid ?? 0} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title="Rejected" value={v.rejected ?? 0} />
        </Col>
      </Row>
      {v.by_rule && Object.keys(v.by_rule).length > 0 && (
        <Descriptions
          size="small"
          column={1}
          style={{ marginTop: 8 }}
          items={Object.entries(v.by_rule).map(([rule, n]) => ({ key: rule, label: rule, children: formatNumber(n) }))}
        />
      )}
    </Card>
  );
}

export function ExportPage() {
  const { id } = useParams<{ id: string }>();
  const { status, progress, error, notFound, restart, live } = useExportPolling(id);
  const { message } = AntApp.useApp();
  const [acting, setActing] = useState<'cancel' | 'retry' | null>(null);

  const current = status?.status ?? progress?.status;

  // Throughput since the page opened: first and latest (time, records) samples.
  const [samples, setSamples] = useState<{ first: Sample; latest: Sample } | null>(null);
  const recordsNow = progress?.records_exported;
  useEffect(() => {
    setSamples(null);
  }, [id]);
  useEffect(() => {
    if (typeof recordsNow !== 'number') return;
    const sample = { at: Date.now(), records: recordsNow };
    setSamples((s) => ({ first: s?.first ?? sample, latest: sample }));
  }, [recordsNow]);
  const throughput = computeThroughput(samples?.first ?? null, samples?.latest ?? null, progress?.records_total);
  const showThroughput = current === 'running' || current === 'finalizing';

  const act = async (kind: 'cancel' | 'retry') => {
    if (!id) return;
    setActing(kind);
    try {
      const next = kind === 'cancel' ? await api.cancel(id) : await api.retry(id);
      message.success(kind === 'cancel' ? 'Export cancelled' : 'Export restarted');
      restart(next);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setActing(null);
    }
  };

  if (!id) return <Empty description="No export selected" />;

  const percent = current === 'completed' ? 100 : (progress?.percent ?? 0);
  const validation = status?.validation ?? {};
  const typeEntries = Object.entries(progress?.data_types ?? {});
  const validationEntries = Object.entries(validation).length
    ? Object.entries(validation)
    : typeEntries.filter(([, t]) => t.validation).map(([type, t]) => [type, t.validation!] as const);
  const errorText = status?.error_message || progress?.error_message;

  return (
    <Card>
      <PageTitle>Export Status</PageTitle>
      {!status && !progress && !error && (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <Spin />
          <div>Loading export…</div>
        </div>
      )}
      {error && (
        <Alert
          type={notFound ? 'warning' : 'error'}
          showIcon
          title={notFound ? 'Export not found' : 'Could not load the export'}
          description={error}
          style={{ marginBottom: 16 }}
        />
      )}
      {(status || progress) && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              {
                key: 'id',
                label: 'Export ID',
                children: <Typography.Text copyable>{id}</Typography.Text>,
              },
              {
                key: 'status',
                label: 'Status',
                children: (
                  <Space size={4}>
                    <StatusTag status={current} testId="export-status" />
                    {live && <Tag color="green">live</Tag>}
                  </Space>
                ),
              },
              { key: 'created', label: 'Created', children: formatDateTime(status?.created_at) },
              { key: 'updated', label: 'Updated', children: formatDateTime(status?.updated_at) },
              {
                key: 'records',
                label: 'Records',
                children: `${formatNumber(progress?.records_exported ?? status?.total_records ?? 0)} / ${formatNumber(
                  progress?.records_total ?? status?.total_records ?? 0,
                )}`,
              },
              {
                key: 'shards',
                label: 'Shards',
                children: progress
                  ? `${progress.shards_completed ?? 0} / ${progress.shards_total ?? 0}${
                      progress.shards_failed ? ` (${progress.shards_failed} failed)` : ''
                    }`
                  : '-',
              },
              ...(showThroughput
                ? [
                    {
                      key: 'throughput',
                      label: 'Throughput',
                      children: throughput ? `${formatNumber(Math.round(throughput.rate))} records/s` : 'measuring…',
                    },
                    {
                      key: 'eta',
                      label: 'ETA',
                      children:
                        throughput?.etaSeconds !== null && throughput?.etaSeconds !== undefined
                          ? formatDuration(throughput.etaSeconds)
                          : '-',
                    },
                  ]
                : []),
              ...(current === 'completed'
                ? [
                    {
                      key: 'size',
                      label: 'Size',
                      children: `${humanSize(status?.total_size)}${
                        status?.config && status.is_compressed ? ` (${describeCompression(status.config)})` : ''
                      }`,
                    },
                  ]
                : []),
            ]}
          />

          <div>
            <Typography.Text strong>Overall progress</Typography.Text>
            <Progress
              aria-label="Overall progress"
              percent={percent}
              status={progressStatus(current)}
              format={(p) => `${p ?? 0}%`}
            />
          </div>

          {errorText && <Alert type="error" showIcon title="Export error" description={errorText} />}

          <Space wrap>
            {current && CANCELLABLE.has(current) && (
              <Button danger onClick={() => act('cancel')} loading={acting === 'cancel'}>
                Cancel
              </Button>
            )}
            {current === 'failed' && (
              <Button type="primary" onClick={() => act('retry')} loading={acting === 'retry'}>
                Retry
              </Button>
            )}
            <Link to="/history">Back to history</Link>
          </Space>

          {status?.config && <ExportConfigSummary config={status.config} />}

          {typeEntries.length > 0 && (
            <Card size="small" title="Progress by data type">
              {typeEntries.map(([type, t]) => (
                <div key={type} style={{ marginBottom: 8 }}>
                  <Typography.Text>
                    {type}: {formatNumber(t.records_exported ?? 0)} / {formatNumber(t.records_total ?? 0)} records
                    {typeof t.shards_total === 'number' && ` · shards ${t.shards_completed ?? 0}/${t.shards_total}`}
                  </Typography.Text>
                  <Progress
                    aria-label={`${type} progress`}
                    percent={
                      current === 'completed'
                        ? 100
                        : t.shards_total
                          ? percentOf(t.shards_completed, t.shards_total)
                          : percentOf(t.records_exported, t.records_total)
                    }
                    status={t.shards_failed ? 'exception' : progressStatus(current)}
                    size="small"
                    format={(p) => `${p ?? 0}%`}
                  />
                </div>
              ))}
            </Card>
          )}

          {validationEntries.length > 0 && (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {validationEntries.map(([type, v]) => (
                <ValidationFigures key={type} type={type} v={v} />
              ))}
            </Space>
          )}

          <Table<ShardProgress>
            size="small"
            title={() => <Typography.Text strong>Shards</Typography.Text>}
            rowKey="shard_id"
            dataSource={progress?.shards ?? []}
            pagination={(progress?.shards?.length ?? 0) > 20 ? { pageSize: 20 } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: 'No shards yet' }}
            columns={[
              { title: 'Data type', dataIndex: 'data_type' },
              { title: 'Seq', dataIndex: 'seq' },
              { title: 'Worker', dataIndex: 'worker_id', render: (w?: string | null) => w || '-' },
              { title: 'Status', dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
              {
                title: 'Records',
                key: 'records',
                render: (_: unknown, s) =>
                  `${formatNumber(s.records ?? 0)}${s.estimated_records ? ` / ~${formatNumber(s.estimated_records)}` : ''}`,
              },
              { title: 'Duration', dataIndex: 'duration_ms', render: (ms?: number | null) => formatMillis(ms) },
              { title: 'Attempts', dataIndex: 'attempts', render: (a?: number | null) => a ?? 0 },
            ]}
          />

          {current === 'completed' && (
            <Card size="small" title="Files">
              <DownloadList exportId={id} />
            </Card>
          )}
        </Space>
      )}
    </Card>
  );
}
