import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Popconfirm, Space, Table, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../api/client';
import type { ExportTemplate } from '../../api/types';
import { formatDateTime } from '../../components/format';

/** Saved export templates with "Run" (starts an export and opens it) and "Delete". */
export function TemplatesCard() {
  const [items, setItems] = useState<ExportTemplate[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const { message } = AntApp.useApp();
  const navigate = useNavigate();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems(await api.allTemplates());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const run = async (t: ExportTemplate) => {
    setBusy(t.template_id);
    try {
      const started = await api.runTemplate(t.template_id);
      message.success(`Started export from "${t.name}"`);
      navigate(`/exports/${started.export_id}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (t: ExportTemplate) => {
    setBusy(t.template_id);
    try {
      await api.deleteTemplate(t.template_id);
      message.success(`Deleted template "${t.name}"`);
      await load();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card size="small" title="Templates">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<ExportTemplate>
        size="small"
        rowKey="template_id"
        loading={loading}
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10 } : false}
        locale={{ emptyText: 'No templates yet — save one from the New Export page' }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: 'Name',
            dataIndex: 'name',
            render: (name: string, t) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{name}</Typography.Text>
                {t.description && <Typography.Text type="secondary">{t.description}</Typography.Text>}
              </Space>
            ),
          },
          { title: 'Data types', key: 'types', render: (_: unknown, t) => (t.config?.data_types ?? []).join(', ') },
          { title: 'Owner', dataIndex: 'owner', render: (o?: string | null) => o || '-' },
          { title: 'Updated', dataIndex: 'updated_at', render: (d?: string) => formatDateTime(d) },
          {
            title: 'Actions',
            key: 'actions',
            render: (_: unknown, t) => (
              <Space>
                <Button size="small" type="primary" loading={busy === t.template_id} onClick={() => void run(t)}>
                  Run
                </Button>
                <Popconfirm
                  title={`Delete template "${t.name}"?`}
                  okText="Delete template"
                  okButtonProps={{ danger: true }}
                  cancelText="No"
                  onConfirm={() => remove(t)}
                >
                  <Button size="small" danger aria-label={`Delete template ${t.name}`}>
                    Delete
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
