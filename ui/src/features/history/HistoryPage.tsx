import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import type { ExportStatusResponse } from '../../api/types';
import { formatDateTime, formatNumber, humanSize } from '../../components/format';
import { StatusTag } from '../../components/StatusTag';
import { BulkActions } from './BulkActions';
import { useExportHistory } from './useExportHistory';
import { PageTitle } from '../../components/PageTitle';

function DateRangeCell({ record }: { record: ExportStatusResponse }) {
  const start = record.config?.start_date;
  const end = record.config?.end_date;
  if (!start && !end) return <Typography.Text type="secondary">No date range specified</Typography.Text>;
  return (
    <div>
      <div>From: {start ? formatDateTime(start) : '-'}</div>
      <div>To: {end ? formatDateTime(end) : '-'}</div>
    </div>
  );
}

export function HistoryPage() {
  const { page, setPage, data, loading, error, reload, pageSize } = useExportHistory();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  // kept across pages, so a selection can span them
  const [selected, setSelected] = useState<string[]>([]);

  const remove = async (id: string) => {
    try {
      const res = await api.remove(id);
      message.success(`Deleted export ${id.slice(0, 8)}… (freed ${humanSize(res.freed_bytes ?? 0)})`);
      reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle style={{ margin: 0 }}>Export History</PageTitle>
        <Button onClick={reload} loading={loading}>
          Refresh
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={error} style={{ margin: '16px 0' }} />}
      <BulkActions
        selected={selected}
        onDone={() => {
          setSelected([]);
          reload();
        }}
      />
      {/* scrolls sideways in a plain box: antd's scroll.x adds an aria-hidden measuring row that
          holds a copy of the select-all checkbox, which axe reports as hidden focusable content */}
      <div style={{ overflowX: 'auto', marginTop: 16 }}>
        <Table<ExportStatusResponse>
          rowKey="export_id"
          rowSelection={{
            selectedRowKeys: selected,
            preserveSelectedRowKeys: true,
            onChange: (keys) => setSelected(keys.map(String)),
          }}
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: 'No exports yet' }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => setPage(p),
            showTotal: (total) => `${total} export${total === 1 ? '' : 's'}`,
          }}
          columns={[
            {
              title: 'Export ID',
              dataIndex: 'export_id',
              render: (id: string) => (
                <Typography.Text copyable={{ text: id }}>
                  <Link to={`/exports/${id}`}>{id.slice(0, 8)}...</Link>
                </Typography.Text>
              ),
            },
            { title: 'Date Range', key: 'range', render: (_: unknown, r) => <DateRangeCell record={r} /> },
            {
              title: 'Data Types',
              dataIndex: 'data_types',
              render: (types?: string[]) => (
                <Space size={[0, 4]} wrap>
                  {(types ?? []).map((t) => (
                    <Tag color="blue" key={t}>
                      {t}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: 'Status', dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
            { title: 'Records', dataIndex: 'total_records', render: (n?: number | null) => formatNumber(n) },
            { title: 'Size', dataIndex: 'total_size', render: (n?: number | null) => humanSize(n) },
            { title: 'Created', dataIndex: 'created_at', render: (d?: string) => formatDateTime(d) },
            {
              title: 'Actions',
              key: 'actions',
              render: (_: unknown, r) => (
                <Space>
                  <Button size="small" onClick={() => navigate(`/exports/${r.export_id}`)}>
                    View
                  </Button>
                  <Popconfirm
                    title="Delete this export?"
                    description="Its files are removed too."
                    okText="Yes, delete"
                    okButtonProps={{ danger: true }}
                    cancelText="No"
                    onConfirm={() => remove(r.export_id)}
                  >
                    <Button size="small" danger>
                      Delete
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </div>
    </Card>
  );
}
