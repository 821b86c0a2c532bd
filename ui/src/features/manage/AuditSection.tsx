import { useEffect, useState } from 'react';
import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import { ApiError, adminApi, errorMessage } from '../../api/client';
import type { AuditEntry, AuditList } from '../../api/types';
import { formatDateTime } from '../../components/format';
import { NEEDS_ADMIN } from './TokensSection';

export const AUDIT_PAGE_SIZE = 20;

/** Admin: server-side paginated audit trail with actor and action filters. */
export function AuditSection() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(AUDIT_PAGE_SIZE);
  const [filters, setFilters] = useState({ actor: '', action: '' });
  const [draft, setDraft] = useState({ actor: '', action: '' });
  const [data, setData] = useState<AuditList | null>(null);
  const [loading, setLoading] = useState(false);
  const [forbidden, setForbidden] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let stale = false;
    setLoading(true);
    adminApi
      .audit({ limit: pageSize, offset: (page - 1) * pageSize, actor: filters.actor, action: filters.action })
      .then((r) => {
        if (stale) return;
        setData(r);
        setError(null);
      })
      .catch((err) => {
        if (stale) return;
        if (err instanceof ApiError && err.status === 403) setForbidden(true);
        else setError(errorMessage(err));
      })
      .finally(() => {
        if (!stale) setLoading(false);
      });
    return () => {
      stale = true;
    };
  }, [page, pageSize, filters, reloadKey]);

  if (forbidden) return <Alert type="warning" showIcon title={NEEDS_ADMIN} />;

  const apply = () => {
    setPage(1);
    setFilters({ actor: draft.actor.trim(), action: draft.action.trim() });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      <Space wrap>
        <Input
          aria-label="Filter by actor"
          placeholder="actor"
          allowClear
          value={draft.actor}
          onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))}
          onPressEnter={apply}
          style={{ width: 180 }}
        />
        <Input
          aria-label="Filter by action"
          placeholder="action, e.g. export.create"
          allowClear
          value={draft.action}
          onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
          onPressEnter={apply}
          style={{ width: 220 }}
        />
        <Button onClick={apply}>Filter</Button>
        <Button onClick={() => setReloadKey((k) => k + 1)}>Reload</Button>
      </Space>
      <Table<AuditEntry>
        size="small"
        rowKey={(e) => String(e.id)}
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: 'No audit entries' }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: 'At', dataIndex: 'at', render: (d: string) => formatDateTime(d, 'YYYY-MM-DD HH:mm:ss') },
          { title: 'Actor', dataIndex: 'actor', render: (a?: string | null) => a || '-' },
          { title: 'Action', dataIndex: 'action' },
          { title: 'Target', dataIndex: 'target', render: (t?: string | null) => t || '-' },
          {
            title: 'Detail',
            dataIndex: 'detail',
            render: (d: unknown) =>
              d === null || d === undefined || d === '' ? (
                '-'
              ) : (
                <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                  {typeof d === 'string' ? d : JSON.stringify(d)}
                </Typography.Text>
              ),
          },
          { title: 'Remote address', dataIndex: 'remote_addr', render: (r?: string | null) => r || '-' },
        ]}
      />
    </Space>
  );
}
