import { useEffect, useState } from 'react';
import { Alert, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client';
import { scheduleApi, type ScheduleRun, type ScheduleRunList } from '../../api/schedules';
import { formatDateTime, formatNumber } from '../../components/format';
import { StatusTag } from '../../components/StatusTag';

export const RUNS_PAGE_SIZE = 10;

/** What a run read: its window (window mode) or the visibility cut between two snapshots. */
export function runScope(run: ScheduleRun): string {
  if (run.window) return `${formatDateTime(run.window.start)} → ${formatDateTime(run.window.end)}`;
  const v = run.visibility;
  if (v) {
    const after = v.after ? formatDateTime(v.after) : 'the beginning';
    const at = v.at ? formatDateTime(v.at) : 'its snapshot';
    return `rows visible after ${after} up to ${at}`;
  }
  return '-';
}

/** Total of a run's per-type record counts, with the types: "12 (logs 10, ips 2)". */
export function runRecords(counts: Record<string, number> | undefined): string {
  const entries = Object.entries(counts ?? {});
  if (entries.length === 0) return '-';
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const parts = entries.map(([type, n]) => `${type} ${formatNumber(n)}`).join(', ');
  return `${formatNumber(total)} (${parts})`;
}

/** A schedule's runs, newest first, with links to their exports; loaded again when `reloadKey` changes. */
export function ScheduleRuns({ scheduleId, name, reloadKey }: { scheduleId: string; name: string; reloadKey: number }) {
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ScheduleRunList | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stale = false;
    setLoading(true);
    scheduleApi
      .runs(scheduleId, RUNS_PAGE_SIZE, (page - 1) * RUNS_PAGE_SIZE)
      .then((result) => {
        if (stale) return;
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
  }, [scheduleId, page, reloadKey]);

  return (
    <section aria-label={`Runs of ${name}`} data-testid="schedule-runs">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<ScheduleRun>
        size="small"
        rowKey="run_id"
        loading={loading}
        dataSource={data?.items ?? []}
        locale={{ emptyText: 'No runs yet' }}
        pagination={
          (data?.total ?? 0) > RUNS_PAGE_SIZE
            ? { current: page, pageSize: RUNS_PAGE_SIZE, total: data?.total, onChange: setPage, showSizeChanger: false }
            : false
        }
        columns={[
          { title: 'Fire time', dataIndex: 'fire_time', render: (t: string) => formatDateTime(t) },
          { title: 'Trigger', dataIndex: 'trigger' },
          { title: 'Status', dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
          { title: 'Reads', key: 'scope', render: (_: unknown, r) => runScope(r) },
          { title: 'Records', dataIndex: 'record_counts', render: (c?: Record<string, number>) => runRecords(c) },
          {
            title: 'Export',
            dataIndex: 'export_id',
            render: (id: string | null | undefined, r) =>
              id ? (
                <Link to={`/exports/${id}`} aria-label={`${id.slice(0, 8)}... export of run ${r.run_id}`}>
                  {id.slice(0, 8)}...
                </Link>
              ) : (
                <Typography.Text type="secondary">not started</Typography.Text>
              ),
          },
          {
            title: 'Error',
            dataIndex: 'error_message',
            render: (m?: string | null) => (m ? <Typography.Text type="danger">{m}</Typography.Text> : null),
          },
        ]}
      />
    </section>
  );
}
