import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { PaymentLog } from '../../api/types';
import { formatDateTime, formatMoney } from '../../ui/format';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { paymentDate, paymentStatus } from '../../ui/payment-view';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableWrap } from '../../ui/TableWrap';

export function PaymentsTable() {
  const payments = useQuery({
    queryKey: ['payments', 'mine'],
    queryFn: async () => (await api.get<{ payments: PaymentLog[] }>('/api/billing/payments')).payments,
  });

  return (
    <section className="section" aria-labelledby="payments-heading">
      <h2 id="payments-heading">Payment history</h2>
      {payments.isPending ? (
        <Loading label="Loading payments…" />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.length === 0 ? (
        <Empty>No payments yet.</Empty>
      ) : (
        <TableWrap label="Payment list">
          <table>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {payments.data.map((payment) => (
                <tr key={payment.id}>
                  <td className="nowrap">{formatDateTime(paymentDate(payment))}</td>
                  <td>
                    {payment.description ?? '—'}
                    {payment.failureMessage ? (
                      <div className="field__error">{payment.failureMessage}</div>
                    ) : null}
                  </td>
                  <td className="num">{formatMoney(payment.amount, payment.currency)}</td>
                  <td>
                    <StatusBadge status={paymentStatus(payment)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
