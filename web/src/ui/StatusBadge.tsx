import { humanize } from './format';

const tones: Record<string, string> = {
  active: 'success',
  trialing: 'info',
  paid: 'success',
  succeeded: 'success',
  complete: 'success',
  sent: 'success',
  processed: 'success',
  past_due: 'warning',
  open: 'warning',
  pending: 'warning',
  incomplete: 'warning',
  unpaid: 'danger',
  failed: 'danger',
  canceled: 'neutral',
  expired: 'neutral',
  refunded: 'neutral',
  void: 'neutral',
  none: 'neutral',
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge--${tones[status] ?? 'neutral'}`}>{label ?? humanize(status)}</span>;
}
