import type { PaymentLog } from '../api/types';

const statusOfKind: Record<string, string> = { charge: 'succeeded', refund: 'refunded', failure: 'failed' };

/** One status word per payment, whether the server sent `status` or only the log `kind`. */
export function paymentStatus(payment: PaymentLog): string {
  return payment.status ?? statusOfKind[payment.kind ?? ''] ?? payment.kind ?? 'unknown';
}

export function paymentDate(payment: PaymentLog): string | undefined {
  return payment.occurredAt ?? payment.createdAt;
}

export function isRefundable(payment: PaymentLog): boolean {
  return ['succeeded', 'paid'].includes(paymentStatus(payment));
}
