/** antd Tag colour for an export status. */
export function statusColor(status: string | null | undefined): string {
  switch (status) {
    case 'pending':
      return 'default';
    case 'running':
      return 'processing';
    case 'finalizing':
      return 'cyan';
    case 'completed':
      return 'success';
    case 'failed':
      return 'error';
    case 'cancelled':
      return 'warning';
    default:
      return 'default';
  }
}
