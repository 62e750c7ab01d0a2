import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api/client';
import type { PaymentLog } from '../../api/types';
import { Banner } from '../../ui/Banner';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { FormError } from '../../ui/FormError';
import { formatMoney } from '../../ui/format';
import { isRefundable } from '../../ui/payment-view';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { PaymentsTable } from './PaymentsTable';
import { useAdminList } from './use-admin-list';

/** The user's payments, each refundable after a confirmation (assumed endpoint, see README). */
export function UserPayments({ userId }: { userId: string }) {
  const client = useQueryClient();
  const payments = useAdminList<PaymentLog>('/api/admin/payments', 'payments', { userId });
  const [target, setTarget] = useState<PaymentLog | null>(null);
  const refund = useMutation({
    mutationFn: (payment: PaymentLog) =>
      api.post<{ status: string }>(`/api/admin/payments/${encodeURIComponent(payment.id)}/refund`, {}),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['admin'] }),
    onSettled: () => setTarget(null),
  });

  return (
    <section className="card stack" aria-labelledby="user-payments-heading">
      <h2 id="user-payments-heading">Payments</h2>
      {refund.isSuccess ? <Banner tone="success">Refund {refund.data.status}.</Banner> : null}
      <FormError error={refund.error} />
      {payments.isPending ? (
        <Loading label="Loading payments…" />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.items.length === 0 ? (
        <Empty>No payments for this user.</Empty>
      ) : (
        <PaymentsTable
          payments={payments.data.items}
          label="Payments of this user"
          action={(payment) =>
            isRefundable(payment) ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => setTarget(payment)}
                aria-label={`Refund ${formatMoney(payment.amount, payment.currency)}`}
              >
                Refund
              </button>
            ) : null
          }
        />
      )}
      <ConfirmDialog
        open={target !== null}
        title="Refund this payment?"
        confirmLabel="Refund"
        tone="danger"
        busy={refund.isPending}
        onConfirm={() => target && refund.mutate(target)}
        onCancel={() => setTarget(null)}
      >
        {target ? (
          <p>
            {formatMoney(target.amount, target.currency)} goes back to the customer&apos;s card. This cannot
            be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </section>
  );
}
