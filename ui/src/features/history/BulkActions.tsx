import { useState } from 'react';
import { Alert, Button, Popconfirm, Space, Table, Typography } from 'antd';
import { errorMessage } from '../../api/client';
import { BULK_MAX_IDS, bulkApi, type BulkAction, type BulkResponse, type BulkResult } from '../../api/bulk';
import { humanSize } from '../../components/format';

const CONFIRM: Record<BulkAction, { title: (n: number) => string; description: string; ok: string }> = {
  cancel: {
    title: (n) => `Cancel ${n} export${n === 1 ? '' : 's'}?`,
    description: 'Running work stops and partial files are removed.',
    ok: 'Yes, cancel',
  },
  delete: {
    title: (n) => `Delete ${n} export${n === 1 ? '' : 's'}?`,
    description: 'Their files are removed too.',
    ok: 'Yes, delete',
  },
};

/** "3 cancelled, 1 failed" for a bulk answer. */
export function summary(response: BulkResponse): string {
  const done = response.action === 'cancel' ? 'cancelled' : 'deleted';
  const freed = response.results.reduce((sum, r) => sum + (r.freed_bytes ?? 0), 0);
  return (
    `${response.succeeded} ${done}` +
    (response.action === 'delete' && response.succeeded > 0 ? ` (freed ${humanSize(freed)})` : '') +
    (response.failed > 0 ? `, ${response.failed} failed` : '')
  );
}

/**
 * "Cancel selected" and "Delete selected" for the rows selected in History: a confirmation, one bulk
 * call, then what happened, with a row per export that failed. `onDone` runs after every call.
 */
export function BulkActions({ selected, onDone }: { selected: string[]; onDone: () => void }) {
  const [running, setRunning] = useState<BulkAction | null>(null);
  const [result, setResult] = useState<BulkResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tooMany = selected.length > BULK_MAX_IDS;

  const run = async (action: BulkAction) => {
    setRunning(action);
    setError(null);
    setResult(null);
    try {
      setResult(await bulkApi.apply(action, selected));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRunning(null);
      onDone();
    }
  };

  const failures = result?.results.filter((r) => r.status !== 200) ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%', marginTop: 16 }}>
      <Space wrap>
        <Typography.Text>
          {selected.length === 0 ? 'Select exports to act on several at once' : `${selected.length} selected`}
        </Typography.Text>
        {(['cancel', 'delete'] as const).map((action) => (
          <Popconfirm
            key={action}
            title={CONFIRM[action].title(selected.length)}
            description={CONFIRM[action].description}
            okText={CONFIRM[action].ok}
            okButtonProps={{ danger: true }}
            cancelText="No"
            onConfirm={() => run(action)}
            disabled={selected.length === 0 || tooMany}
          >
            <Button
              danger={action === 'delete'}
              disabled={selected.length === 0 || tooMany}
              loading={running === action}
            >
              {action === 'cancel' ? 'Cancel selected' : 'Delete selected'}
            </Button>
          </Popconfirm>
        ))}
      </Space>
      {tooMany && <Alert type="warning" showIcon title={`Select at most ${BULK_MAX_IDS} exports at once`} />}
      {error && <Alert type="error" showIcon title={error} closable onClose={() => setError(null)} />}
      {result && (
        <Alert
          type={result.failed === 0 ? 'success' : 'warning'}
          showIcon
          role="status"
          closable
          onClose={() => setResult(null)}
          title={summary(result)}
          description={
            failures.length > 0 && (
              <Table<BulkResult>
                size="small"
                rowKey="export_id"
                pagination={false}
                dataSource={failures}
                aria-label="Exports that failed"
                columns={[
                  { title: 'Export', dataIndex: 'export_id', render: (id: string) => `${id.slice(0, 8)}…` },
                  { title: 'Outcome', dataIndex: 'outcome', render: (o: string) => o.replace('_', ' ') },
                  { title: 'Detail', dataIndex: 'detail' },
                ]}
              />
            )
          }
        />
      )}
    </Space>
  );
}
