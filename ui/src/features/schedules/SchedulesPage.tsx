import { useCallback, useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { scheduleApi, type Schedule, type ScheduleList } from '../../api/schedules';
import { formatDateTime } from '../../components/format';
import { PageTitle } from '../../components/PageTitle';
import { StatusTag } from '../../components/StatusTag';
import { BackfillForm } from './BackfillForm';
import { ScheduleForm } from './ScheduleForm';
import { ScheduleRuns } from './ScheduleRuns';

export const SCHEDULES_PAGE_SIZE = 20;

/** The last "Run now": which schedule, and the export it started. */
interface Started {
  name: string;
  exportId: string;
  runId: number;
}

/** The schedule's list (server-side pages), reloaded on demand. */
function useSchedules() {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ScheduleList | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);

  useEffect(() => {
    let stale = false;
    setLoading(true);
    scheduleApi
      .list(SCHEDULES_PAGE_SIZE, (page - 1) * SCHEDULES_PAGE_SIZE)
      .then((result) => {
        if (stale) return;
        if (result.items.length === 0 && result.total > 0 && page > 1) {
          setPage(Math.max(1, Math.ceil(result.total / SCHEDULES_PAGE_SIZE)));
          return;
        }
        setData(result);
        setError(null);
      })
      .catch((err) => {
        if (!stale) setError(errorMessage(err));
      })
      .finally(() => {
        if (!stale) setLoading(false);
      });
    return () => {
      stale = true;
    };
  }, [page, reloadKey]);

  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  return { page, setPage, data, loading, error, reload, reloadKey };
}

/** Schedules: list, create, edit, pause/resume, run now, backfill, delete, and each one's runs. */
export function SchedulesPage() {
  const schedules = useSchedules();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<Schedule | null | undefined>(undefined);
  const [backfilling, setBackfilling] = useState<Schedule | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [started, setStarted] = useState<Started | null>(null);
  const [expanded, setExpanded] = useState<string[]>([]);

  const act = async (s: Schedule, what: () => Promise<unknown>, done: string) => {
    setBusy(s.schedule_id);
    try {
      await what();
      message.success(done);
      schedules.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const runNow = async (s: Schedule) => {
    setBusy(s.schedule_id);
    try {
      const run = await scheduleApi.runNow(s.schedule_id);
      setStarted({ name: s.name, exportId: run.export_id, runId: run.run_id });
      setExpanded((keys) => (keys.includes(s.schedule_id) ? keys : [...keys, s.schedule_id]));
      schedules.reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <PageTitle style={{ margin: 0 }}>Schedules</PageTitle>
        <Space>
          <Button onClick={schedules.reload} loading={schedules.loading}>
            Refresh
          </Button>
          <Button type="primary" onClick={() => setEditing(null)}>
            New schedule
          </Button>
        </Space>
      </Space>
      {schedules.error && <Alert type="error" showIcon title={schedules.error} style={{ margin: '16px 0' }} />}
      {started && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setStarted(null), 'aria-label': 'Close' }}
          style={{ marginTop: 16 }}
          data-testid="run-started"
          title={
            <span>
              Run {started.runId} of “{started.name}” started export{' '}
              <Link to={`/exports/${started.exportId}`}>{started.exportId}</Link>
            </span>
          }
        />
      )}
      {/* a plain scrolling box, as on the History page: antd's scroll.x adds an aria-hidden measuring row */}
      <div style={{ overflowX: 'auto', marginTop: 16 }}>
        <Table<Schedule>
          rowKey="schedule_id"
          loading={schedules.loading}
          dataSource={schedules.data?.items ?? []}
          locale={{ emptyText: 'No schedules yet' }}
          expandable={{
            expandedRowKeys: expanded,
            onExpandedRowsChange: (keys) => setExpanded(keys.map(String)),
            // antd keeps a collapsed row's content mounted: render nothing there, so that it stops loading
            expandedRowRender: (s) =>
              expanded.includes(s.schedule_id) ? (
                <ScheduleRuns scheduleId={s.schedule_id} name={s.name} reloadKey={schedules.reloadKey} />
              ) : null,
          }}
          pagination={{
            current: schedules.page,
            pageSize: SCHEDULES_PAGE_SIZE,
            total: schedules.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => schedules.setPage(p),
            showTotal: (total) => `${total} schedule${total === 1 ? '' : 's'}`,
          }}
          columns={[
            {
              title: 'Name',
              dataIndex: 'name',
              render: (name: string, s) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>{name}</Typography.Text>
                  <Typography.Text type="secondary">{(s.export?.data_types ?? []).join(', ')}</Typography.Text>
                </Space>
              ),
            },
            {
              title: 'Mode',
              dataIndex: 'mode',
              render: (mode: string, s) => (mode === 'window' && s.window ? `window ${s.window}` : mode),
            },
            {
              title: 'Cron',
              key: 'cron',
              render: (_: unknown, s) => (
                <Space orientation="vertical" size={0} style={{ whiteSpace: 'nowrap' }}>
                  <Typography.Text code>{s.cron}</Typography.Text>
                  <Typography.Text type="secondary">{s.timezone}</Typography.Text>
                </Space>
              ),
            },
            { title: 'Next run', dataIndex: 'next_run_at', render: (d?: string | null) => formatDateTime(d) },
            {
              title: 'Last run',
              key: 'last_run',
              render: (_: unknown, s) =>
                s.last_run ? (
                  <Space size={4}>
                    <StatusTag status={s.last_run.status} />
                    {s.last_run.export_id && (
                      <Link
                        to={`/exports/${s.last_run.export_id}`}
                        aria-label={`${formatDateTime(s.last_run.fire_time)}: last export of ${s.name}`}
                      >
                        {formatDateTime(s.last_run.fire_time)}
                      </Link>
                    )}
                  </Space>
                ) : (
                  '-'
                ),
            },
            {
              title: 'Enabled',
              dataIndex: 'enabled',
              render: (on: boolean) => (on ? <Tag color="success">enabled</Tag> : <Tag>paused</Tag>),
            },
            {
              title: 'Actions',
              key: 'actions',
              render: (_: unknown, s) => (
                <Space wrap size={4}>
                  {s.enabled ? (
                    <Button
                      size="small"
                      aria-label={`Pause ${s.name}`}
                      disabled={busy === s.schedule_id}
                      onClick={() => void act(s, () => scheduleApi.pause(s.schedule_id), `Paused "${s.name}"`)}
                    >
                      Pause
                    </Button>
                  ) : (
                    <Button
                      size="small"
                      aria-label={`Resume ${s.name}`}
                      disabled={busy === s.schedule_id}
                      onClick={() => void act(s, () => scheduleApi.resume(s.schedule_id), `Resumed "${s.name}"`)}
                    >
                      Resume
                    </Button>
                  )}
                  <Button
                    size="small"
                    type="primary"
                    aria-label={`Run now: ${s.name}`}
                    loading={busy === s.schedule_id}
                    onClick={() => void runNow(s)}
                  >
                    Run now
                  </Button>
                  {s.mode === 'window' && (
                    <Button size="small" aria-label={`Backfill ${s.name}`} onClick={() => setBackfilling(s)}>
                      Backfill
                    </Button>
                  )}
                  <Button size="small" aria-label={`Edit ${s.name}`} onClick={() => setEditing(s)}>
                    Edit
                  </Button>
                  <Popconfirm
                    title={`Delete schedule "${s.name}"?`}
                    description="Its exports stay."
                    okText="Yes, delete"
                    okButtonProps={{ danger: true }}
                    cancelText="No"
                    onConfirm={() => {
                      // its runs are not asked for again once it is gone
                      setExpanded((keys) => keys.filter((k) => k !== s.schedule_id));
                      return act(s, () => scheduleApi.remove(s.schedule_id), `Deleted schedule "${s.name}"`);
                    }}
                  >
                    <Button size="small" danger aria-label={`Delete ${s.name}`}>
                      Delete
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </div>

      <Modal
        title={editing ? `Edit schedule "${editing.name}"` : 'New schedule'}
        open={editing !== undefined}
        footer={null}
        width={760}
        onCancel={() => setEditing(undefined)}
        destroyOnHidden
      >
        {editing !== undefined && (
          <ScheduleForm
            schedule={editing}
            onCancel={() => setEditing(undefined)}
            onSaved={(saved) => {
              message.success(`${editing ? 'Saved' : 'Created'} schedule "${saved.name}"`);
              setEditing(undefined);
              schedules.reload();
            }}
          />
        )}
      </Modal>
      <Modal
        title={backfilling ? `Backfill "${backfilling.name}"` : 'Backfill'}
        open={backfilling !== null}
        footer={null}
        onCancel={() => setBackfilling(null)}
        destroyOnHidden
      >
        {backfilling && (
          <BackfillForm
            schedule={backfilling}
            onCancel={() => setBackfilling(null)}
            onDone={(runs) => {
              message.success(`Backfill of "${backfilling.name}": ${runs} run${runs === 1 ? '' : 's'} queued`);
              setExpanded((keys) =>
                keys.includes(backfilling.schedule_id) ? keys : [...keys, backfilling.schedule_id],
              );
              setBackfilling(null);
              schedules.reload();
            }}
          />
        )}
      </Modal>
    </Card>
  );
}
