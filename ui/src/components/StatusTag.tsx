import { Tag } from 'antd';
import { statusColor } from './status';

export function StatusTag({ status, testId }: { status: string | null | undefined; testId?: string }) {
  return (
    <Tag color={statusColor(status)} data-testid={testId}>
      {status ?? 'unknown'}
    </Tag>
  );
}
