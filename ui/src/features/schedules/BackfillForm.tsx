import { useState, type CSSProperties } from 'react';
import { Alert, Button, DatePicker, Form, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorMessage } from '../../api/client';
import { scheduleApi, type Schedule } from '../../api/schedules';

/** Read by screen readers, not shown. */
const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

interface BackfillValues {
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** The body of POST /{id}/backfill from the picked range (null while either end is missing). */
export function backfillBody(range: BackfillValues['range']): { start_date: string; end_date: string } | null {
  const [start, end] = range ?? [null, null];
  if (!start || !end) return null;
  return { start_date: start.toISOString(), end_date: end.toISOString() };
}

/** Backfill a window schedule: one run per fire time whose window lies in the range. */
export function BackfillForm({
  schedule,
  onDone,
  onCancel,
}: {
  schedule: Schedule;
  onDone: (runs: number) => void;
  onCancel: () => void;
}) {
  const [form] = Form.useForm<BackfillValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: BackfillValues) => {
    const body = backfillBody(values.range);
    if (!body) return;
    setSaving(true);
    setError(null);
    try {
      const answer = await scheduleApi.backfill(schedule.schedule_id, body);
      onDone(answer.runs);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<BackfillValues> form={form} layout="vertical" onFinish={onFinish}>
      <Typography.Paragraph type="secondary">
        One run for each fire time of <Typography.Text code>{schedule.cron}</Typography.Text> ({schedule.timezone})
        whose window {schedule.window ?? ''} lies in the range; fire times that already ran are skipped.
      </Typography.Paragraph>
      <label htmlFor="backfill_range_end" style={VISUALLY_HIDDEN}>
        Range end
      </label>
      <Form.Item
        label="Range"
        name="range"
        rules={[
          {
            validator: (_, value: BackfillValues['range']) =>
              backfillBody(value) ? Promise.resolve() : Promise.reject(new Error('Pick a start and an end')),
          },
        ]}
      >
        <DatePicker.RangePicker id={{ start: 'backfill_range', end: 'backfill_range_end' }} showTime />
      </Form.Item>
      {error && (
        <Form.Item>
          <Alert type="error" showIcon title={error} role="alert" />
        </Form.Item>
      )}
      <Space>
        <Button onClick={onCancel}>Cancel</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          Start backfill
        </Button>
      </Space>
    </Form>
  );
}
