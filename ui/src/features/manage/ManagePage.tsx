import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Popconfirm, Row, Space, Spin, Statistic, Tabs, Typography } from 'antd';
import { ApiError, api, errorMessage } from '../../api/client';
import type { CleanupResponse, StatsResponse } from '../../api/types';
import { formatDateTime, humanSize } from '../../components/format';
import { AuditSection } from './AuditSection';
import { ExportCharts } from './ExportCharts';
import { KeysSection } from './KeysSection';
import { TemplatesCard } from './TemplatesCard';
import { TokensSection } from './TokensSection';
import { PageTitle } from '../../components/PageTitle';
import { UsageSection } from './UsageSection';

export const ADMIN_NEEDED = 'Statistics and cleanup need an admin token';

export function ManagePage() {
  const [stats, setStats] = useState<StatsResponse | null>(null);
  const [loading, setLoading] = useState(true);
  const [forbidden, setForbidden] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [cleaning, setCleaning] = useState(false);
  const [cleanup, setCleanup] = useState<CleanupResponse | null>(null);
  const [chartsKey, setChartsKey] = useState(0);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setStats(await api.stats());
      setError(null);
      setChartsKey((k) => k + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setForbidden(true);
      else setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const runCleanup = async () => {
    setCleaning(true);
    setError(null);
    try {
      setCleanup(await api.cleanup());
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 403) setForbidden(true);
      else setError(errorMessage(err));
    } finally {
      setCleaning(false);
    }
  };

  return (
    <Card>
      <PageTitle>Export Management</PageTitle>
      {forbidden && <Alert type="warning" showIcon title={ADMIN_NEEDED} />}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {loading && !stats && !forbidden && (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <Spin />
        </div>
      )}
      {stats && !forbidden && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="Total Exports" value={stats.total_exports} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="Total Size" value={humanSize(stats.total_size)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="Oldest Export" value={formatDateTime(stats.oldest_export)} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card size="small">
                <Statistic title="Newest Export" value={formatDateTime(stats.newest_export)} />
              </Card>
            </Col>
          </Row>
          <Card size="small" title="By status">
            {Object.keys(stats.by_status ?? {}).length === 0 ? (
              <Typography.Text type="secondary">No exports</Typography.Text>
            ) : (
              <Row gutter={[16, 16]}>
                {Object.entries(stats.by_status ?? {}).map(([status, n]) => (
                  <Col key={status} xs={8} md={4}>
                    <Statistic title={status} value={n} />
                  </Col>
                ))}
              </Row>
            )}
          </Card>
          <Space wrap>
            <Popconfirm
              title="Clean up old exports?"
              description="Exports older than the retention period are deleted with their files."
              okText="Yes, clean up"
              okButtonProps={{ danger: true }}
              cancelText="No"
              onConfirm={runCleanup}
            >
              <Button danger loading={cleaning}>
                Clean Up Old Exports
              </Button>
            </Popconfirm>
            <Button onClick={() => void load()} loading={loading}>
              Refresh
            </Button>
          </Space>
          {cleanup && (
            <Alert
              type="success"
              showIcon
              role="status"
              title={`Cleanup done: deleted ${cleanup.deleted_exports} export${
                cleanup.deleted_exports === 1 ? '' : 's'
              }, freed ${humanSize(cleanup.freed_bytes)}`}
              description={
                cleanup.older_than
                  ? `Removed exports created before ${formatDateTime(cleanup.older_than)}${
                      cleanup.retention_days !== undefined ? ` (retention ${cleanup.retention_days} days)` : ''
                    }.`
                  : undefined
              }
            />
          )}
        </Space>
      )}
      {stats && !forbidden && (
        <div style={{ marginTop: 24 }}>
          <ExportCharts reloadKey={chartsKey} />
        </div>
      )}
      <div style={{ marginTop: 24 }}>
        <UsageSection />
      </div>
      <div style={{ marginTop: 24 }}>
        <TemplatesCard />
      </div>
      <div style={{ marginTop: 24 }}>
        <KeysSection />
      </div>
      <Tabs
        style={{ marginTop: 24 }}
        items={[
          { key: 'tokens', label: 'API Tokens', children: <TokensSection /> },
          { key: 'audit', label: 'Audit Trail', children: <AuditSection /> },
        ]}
      />
    </Card>
  );
}
