import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { ApiError, adminApi, errorMessage } from '../../api/client';
import type { ApiToken, CreatedToken, TokenRole } from '../../api/types';
import { formatDateTime } from '../../components/format';

export const NEEDS_ADMIN = 'Needs an admin token';

interface NewTokenValues {
  name: string;
  role: TokenRole;
  expires_at?: Dayjs | null;
}

/** Admin: list, create (token shown once) and revoke API tokens. */
export function TokensSection() {
  const [items, setItems] = useState<ApiToken[]>([]);
  const [loading, setLoading] = useState(true);
  const [forbidden, setForbidden] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [form] = Form.useForm<NewTokenValues>();
  const { message } = AntApp.useApp();

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 403) setForbidden(true);
    else setError(errorMessage(err));
  };

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await adminApi.tokens()).items ?? []);
      setError(null);
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

  const create = async (values: NewTokenValues) => {
    setCreating(true);
    setError(null);
    try {
      const token = await adminApi.createToken({
        name: values.name.trim(),
        role: values.role,
        ...(values.expires_at ? { expires_at: values.expires_at.toISOString() } : {}),
      });
      setCreated(token);
      form.resetFields();
      await load();
    } catch (err) {
      fail(err);
    } finally {
      setCreating(false);
    }
  };

  const revoke = async (t: ApiToken) => {
    try {
      await adminApi.revokeToken(t.id);
      message.success(`Revoked token "${t.name}"`);
      await load();
    } catch (err) {
      fail(err);
    }
  };

  if (forbidden) return <Alert type="warning" showIcon title={NEEDS_ADMIN} />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon title={error} />}
      {created && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setCreated(null) }}
          title={`Token "${created.name}" created (${created.role})`}
          description={
            <Space orientation="vertical">
              <Typography.Text>Copy it now: it will not be shown again.</Typography.Text>
              <Typography.Text
                code
                copyable={{ text: created.token, tooltips: ['Copy token', 'Copied'] }}
                data-testid="new-token"
              >
                {created.token}
              </Typography.Text>
            </Space>
          }
        />
      )}
      <Form<NewTokenValues> form={form} layout="inline" initialValues={{ role: 'user' }} onFinish={create}>
        <Form.Item name="name" label="Token name" rules={[{ required: true, whitespace: true, message: 'Name it' }]}>
          <Input placeholder="ci-pipeline" />
        </Form.Item>
        <Form.Item name="role" label="Role">
          <Select
            style={{ width: 110 }}
            options={[
              { value: 'user', label: 'user' },
              { value: 'admin', label: 'admin' },
            ]}
          />
        </Form.Item>
        <Form.Item name="expires_at" label="Expires">
          <DatePicker showTime placeholder="never" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={creating}>
            Create token
          </Button>
        </Form.Item>
      </Form>
      <Table<ApiToken>
        size="small"
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: 'No tokens' }}
        columns={[
          { title: 'Name', dataIndex: 'name' },
          {
            title: 'Role',
            dataIndex: 'role',
            render: (r: string) => <Tag color={r === 'admin' ? 'red' : 'blue'}>{r}</Tag>,
          },
          { title: 'Created', dataIndex: 'created_at', render: (d?: string | null) => formatDateTime(d) },
          { title: 'Created by', dataIndex: 'created_by', render: (c?: string | null) => c || '-' },
          {
            title: 'Expires',
            dataIndex: 'expires_at',
            render: (d?: string | null) => (d ? formatDateTime(d) : 'never'),
          },
          {
            title: 'State',
            key: 'state',
            render: (_: unknown, t) =>
              t.revoked_at ? (
                <Tag>revoked {formatDateTime(t.revoked_at)}</Tag>
              ) : t.expires_at && new Date(t.expires_at).getTime() < Date.now() ? (
                <Tag color="orange">expired</Tag>
              ) : (
                <Tag color="green">active</Tag>
              ),
          },
          {
            title: 'Actions',
            key: 'actions',
            render: (_: unknown, t) =>
              t.revoked_at ? null : (
                <Popconfirm
                  title={`Revoke token "${t.name}"?`}
                  description="Clients using it stop working at once."
                  okText="Revoke"
                  okButtonProps={{ danger: true }}
                  cancelText="No"
                  onConfirm={() => revoke(t)}
                >
                  <Button size="small" danger aria-label={`Revoke ${t.name}`}>
                    Revoke
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Space>
  );
}
