import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Form,
  Input,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { ApiError, errorMessage } from '../../api/client';
import { keysApi, type PublicKey } from '../../api/issue16';
import { formatDateTime } from '../../components/format';

interface NewKeyValues {
  name?: string;
  public_key: string;
}

const ARMOR_HEADER = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/** "3AA5 C343 7128 …": a fingerprint in groups of four. */
export function groupFingerprint(fp: string): string {
  return fp
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/(.{4})(?=.)/g, '$1 ');
}

/** A file's text (FileReader: `Blob.text()` is missing in some engines, jsdom among them). */
function readText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file);
  });
}

/** Checks the armor before sending it: the server checks the key itself. */
function armorProblem(text: string | undefined): string | null {
  const t = (text ?? '').trim();
  if (!t) return 'Paste or upload an ASCII-armored public key';
  if (t.includes('PRIVATE KEY BLOCK')) return 'This is a private key: export and add the public key only';
  if (!t.includes(ARMOR_HEADER)) return `An ASCII-armored public key starts with ${ARMOR_HEADER}`;
  return null;
}

/** The caller's OpenPGP public keys (exports can be encrypted to them): add, list, delete. */
export function KeysSection() {
  const [items, setItems] = useState<PublicKey[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<NewKeyValues>();
  const { message } = AntApp.useApp();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setItems((await keysApi.list()).items ?? []);
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

  const add = async (values: NewKeyValues) => {
    setAdding(true);
    setError(null);
    try {
      const name = values.name?.trim();
      const key = await keysApi.create({ public_key: values.public_key.trim(), ...(name ? { name } : {}) });
      message.success(`Added key ${groupFingerprint(key.fingerprint)}`);
      form.resetFields();
      await load();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        form.setFields([{ name: 'public_key', errors: [err.problem?.detail || 'You have already added this key'] }]);
      } else if (err instanceof ApiError && err.problem?.errors?.length) {
        const onKey = err.problem.errors.filter((e) => e.field === 'public_key' || e.field === 'name');
        form.setFields(
          (['public_key', 'name'] as const).map((f) => ({
            name: f,
            errors: onKey.filter((e) => e.field === f).map((e) => e.message),
          })),
        );
        const rest = err.problem.errors.filter((e) => !onKey.includes(e));
        if (rest.length) setError(rest.map((e) => `${e.field}: ${e.message}`).join('; '));
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setAdding(false);
    }
  };

  const remove = async (k: PublicKey) => {
    try {
      await keysApi.remove(k.id);
      message.success(`Deleted key "${k.name || k.key_id}"`);
      await load();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Card size="small" title="Public Keys">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          OpenPGP public keys that exports can be encrypted to (New Export, Encrypt with OpenPGP). The service never
          holds a private key.
        </Typography.Text>
        {error && <Alert type="error" showIcon title={error} role="alert" />}
        <Form<NewKeyValues> form={form} layout="vertical" onFinish={add} style={{ maxWidth: 720 }}>
          <Form.Item label="Key name" name="name">
            <Input placeholder="optional label, e.g. data team" maxLength={200} />
          </Form.Item>
          <Form.Item
            label="Public key"
            name="public_key"
            rules={[
              {
                validator: async (_, v: string | undefined) => {
                  const problem = armorProblem(v);
                  if (problem) throw new Error(problem);
                },
              },
            ]}
            extra={
              <>
                ASCII armor, as <Typography.Text code>gpg --armor --export &lt;id&gt;</Typography.Text> writes it
              </>
            }
          >
            <Input.TextArea
              rows={5}
              placeholder={`${ARMOR_HEADER}\n…`}
              style={{ fontFamily: 'monospace' }}
              spellCheck={false}
            />
          </Form.Item>
          <Space wrap>
            <Upload
              accept=".asc,.pub,.key,.txt,.gpg,application/pgp-keys,text/plain"
              showUploadList={false}
              maxCount={1}
              beforeUpload={async (file) => {
                const text = await readText(file);
                form.setFieldValue('public_key', text);
                void form.validateFields(['public_key']).catch(() => undefined);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>Upload key file</Button>
            </Upload>
            <Button type="primary" htmlType="submit" loading={adding}>
              Add key
            </Button>
          </Space>
        </Form>
        <Table<PublicKey>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={items}
          pagination={items.length > 10 ? { pageSize: 10 } : false}
          locale={{ emptyText: 'No public keys yet' }}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: 'Name',
              key: 'name',
              render: (_: unknown, k) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{k.name || '-'}</Typography.Text>
                  {(k.user_ids ?? []).map((u) => (
                    <Typography.Text key={u} type="secondary">
                      {u}
                    </Typography.Text>
                  ))}
                </Space>
              ),
            },
            {
              title: 'Fingerprint',
              dataIndex: 'fingerprint',
              render: (fp: string) => (
                <Typography.Text code copyable={{ text: fp }} data-testid="key-fingerprint">
                  {groupFingerprint(fp)}
                </Typography.Text>
              ),
            },
            {
              title: 'Key ID',
              dataIndex: 'key_id',
              render: (id: string) => <Typography.Text code>{id}</Typography.Text>,
            },
            { title: 'Algorithm', dataIndex: 'algorithm', render: (a?: string) => a || '-' },
            {
              title: 'Expires',
              dataIndex: 'expires_at',
              render: (d?: string | null) =>
                !d ? (
                  'never'
                ) : new Date(d).getTime() < Date.now() ? (
                  <Tag color="orange">expired {formatDateTime(d)}</Tag>
                ) : (
                  formatDateTime(d)
                ),
            },
            { title: 'Added', dataIndex: 'created_at', render: (d?: string) => formatDateTime(d) },
            {
              title: 'Actions',
              key: 'actions',
              render: (_: unknown, k) => (
                <Popconfirm
                  title={`Delete key "${k.name || k.key_id}"?`}
                  description="New exports cannot be encrypted to it; files already encrypted stay readable with its private key."
                  okText="Delete key"
                  okButtonProps={{ danger: true }}
                  cancelText="No"
                  onConfirm={() => remove(k)}
                >
                  <Button size="small" danger aria-label={`Delete key ${k.name || k.key_id}`}>
                    Delete
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
