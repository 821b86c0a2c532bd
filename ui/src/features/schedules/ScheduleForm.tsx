import { useMemo, useState } from 'react';
import { Alert, Button, Collapse, DatePicker, Divider, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { ApiError, errorMessage } from '../../api/client';
import { scheduleApi, type Schedule } from '../../api/schedules';
import { ExportFields } from '../new-export/ExportFields';
import { TransformationsSection } from '../new-export/TransformationsSection';
import { filterErrorPaths } from '../new-export/filters';
import {
  buildScheduleRequest,
  DEFAULT_SCHEDULE_VALUES,
  DEFAULT_TIMEZONE,
  formatInZone,
  ISO_DURATION,
  modeFields,
  scheduleFieldFor,
  scheduleFormValues,
  timeZones,
  type ScheduleFormValues,
} from './scheduleForm';
import { useNextFireTimes } from './useNextFireTimes';

const durationRule = {
  pattern: ISO_DURATION,
  message: 'An ISO-8601 duration, e.g. P1D, PT1H or PT15M',
};

/** The next fire times of the cron being typed, in the chosen zone (or nothing while it is empty). */
function FireTimesPreview({ times, zone, loading }: { times: string[]; zone: string; loading: boolean }) {
  return (
    <div aria-live="polite" data-testid="next-fire-times" style={{ marginBottom: 16 }}>
      <Typography.Text strong>Next fire times</Typography.Text>
      {times.length === 0 ? (
        <div>
          <Typography.Text type="secondary">{loading ? 'Computing…' : 'Enter a cron expression'}</Typography.Text>
        </div>
      ) : (
        <ol style={{ margin: '4px 0 0', paddingLeft: 24 }}>
          {times.map((t) => (
            <li key={t}>
              <time dateTime={t}>{formatInZone(t, zone)}</time>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/**
 * Create or edit a schedule: its timing (cron, zone, mode, window, lag, misfire), delivery (webhook),
 * and the export each run makes (the New Export form's fields without dates).
 */
export function ScheduleForm({
  schedule,
  onSaved,
  onCancel,
}: {
  /** the schedule to edit, or null to create one */
  schedule: Schedule | null;
  onSaved: (saved: Schedule) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<ScheduleFormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initialValues = useMemo(() => (schedule ? scheduleFormValues(schedule) : DEFAULT_SCHEDULE_VALUES), [schedule]);
  const zones = useMemo(() => timeZones().map((z) => ({ value: z, label: z })), []);
  const mode = Form.useWatch('mode', form) ?? initialValues.mode;
  const cron = Form.useWatch('cron', form) ?? initialValues.cron;
  const zone = Form.useWatch('timezone', form) ?? initialValues.timezone ?? DEFAULT_TIMEZONE;
  const fireTimes = useNextFireTimes(cron, zone);
  const shown = modeFields(mode);

  const onFinish = async (values: ScheduleFormValues) => {
    setError(null);
    setSaving(true);
    try {
      const body = buildScheduleRequest(values);
      const saved = schedule ? await scheduleApi.update(schedule.schedule_id, body) : await scheduleApi.create(body);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        form.setFields([{ name: 'name', errors: [errorMessage(err)] }]);
      } else if (err instanceof ApiError && err.problem?.errors?.length) {
        const byField = new Map<keyof ScheduleFormValues, string[]>();
        const onRows: { name: (string | number)[]; errors: string[] }[] = [];
        const unmapped: string[] = [];
        for (const e of err.problem.errors) {
          const name = scheduleFieldFor(e.field);
          const rows = filterErrorPaths(e.field.replace(/^export\./, ''), values.filters);
          if (name) byField.set(name, [...(byField.get(name) ?? []), e.message]);
          else if (rows.length) onRows.push(...rows.map((path) => ({ name: path, errors: [e.message] })));
          else unmapped.push(`${e.field}: ${e.message}`);
        }
        form.setFields([...[...byField.entries()].map(([name, errors]) => ({ name, errors })), ...onRows]);
        setError(unmapped.length ? unmapped.join('; ') : null);
      } else {
        setError(errorMessage(err));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ScheduleFormValues> form={form} layout="vertical" initialValues={initialValues} onFinish={onFinish}>
      <Form.Item label="Name" name="name" rules={[{ required: true, whitespace: true, message: 'Give it a name' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Form.Item
        label="Cron"
        name="cron"
        rules={[{ required: true, whitespace: true, message: 'Enter a cron expression' }]}
        validateStatus={fireTimes.error ? 'error' : undefined}
        help={fireTimes.error ?? undefined}
        extra="Five fields (minute hour day-of-month month day-of-week), or @hourly, @daily, @weekly, @monthly"
      >
        <Input placeholder="0 2 * * *" style={{ fontFamily: 'monospace' }} />
      </Form.Item>
      <Form.Item label="Time Zone" name="timezone">
        <Select showSearch options={zones} style={{ maxWidth: 320 }} />
      </Form.Item>
      <FireTimesPreview times={fireTimes.times} zone={zone} loading={fireTimes.loading} />
      <Form.Item
        label="Mode"
        name="mode"
        extra={
          shown.window
            ? 'Each run exports the window before its fire time (minus the lag)'
            : 'Each run exports the rows that appeared since the previous completed run'
        }
      >
        <Select
          style={{ maxWidth: 240 }}
          options={[
            { value: 'window', label: 'window' },
            { value: 'incremental', label: 'incremental' },
          ]}
        />
      </Form.Item>
      {shown.window && (
        <Form.Item
          label="Window"
          name="window"
          rules={[{ required: true, whitespace: true, message: 'Window mode needs a window' }, durationRule]}
          extra="ISO-8601 duration, e.g. P1D (a day) or PT1H"
        >
          <Input style={{ maxWidth: 240 }} />
        </Form.Item>
      )}
      <Form.Item label="Lag" name="lag" rules={[durationRule]} extra="Optional, e.g. PT15M: how late rows may arrive">
        <Input placeholder="PT0S" style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item label="Misfire" name="misfire" extra="What to do about fire times missed while the service was down">
        <Select
          style={{ maxWidth: 240 }}
          options={[
            { value: 'run_once', label: 'run once' },
            { value: 'skip', label: 'skip' },
          ]}
        />
      </Form.Item>
      {shown.start_date && (
        <Form.Item label="Start Date" name="start_date" extra="Optional: no run exports rows older than this">
          <DatePicker showTime />
        </Form.Item>
      )}
      <Form.Item
        label="Webhook URL"
        name="webhook_url"
        rules={[{ type: 'url', message: 'An http or https URL' }]}
        extra="Optional: called when a run's export completes, fails or is cancelled"
      >
        <Input placeholder="https://example.com/hooks/exports" />
      </Form.Item>
      <Form.Item
        label="Webhook Secret"
        name="webhook_secret"
        extra={
          schedule?.webhook?.secret_set
            ? 'A secret is set and never shown: leave this empty to keep it, or type a new one'
            : 'Optional: signs each call (X-Exporter-Signature)'
        }
      >
        <Input.Password autoComplete="new-password" maxLength={500} />
      </Form.Item>
      <Form.Item label="Enabled" name="enabled" valuePropName="checked">
        <Switch />
      </Form.Item>

      <Divider titlePlacement="start">Export</Divider>
      <ExportFields />
      <Form.Item>
        <Collapse
          items={[
            {
              key: 'transformations',
              label: 'Transformations',
              forceRender: true,
              children: <TransformationsSection />,
            },
          ]}
        />
      </Form.Item>

      {error && (
        <Form.Item>
          <Alert type="error" showIcon title={error} role="alert" />
        </Form.Item>
      )}
      <Space wrap>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          {schedule ? 'Save schedule' : 'Create schedule'}
        </Button>
      </Space>
    </Form>
  );
}
