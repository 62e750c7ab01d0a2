import type { ReactNode } from 'react';
import type { PaymentLog } from '../../api/types';
import { formatDateTime, formatMoney } from '../../ui/format';
import { paymentDate, paymentStatus } from '../../ui/payment-view';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableWrap } from '../../ui/TableWrap';

interface PaymentsTableProps {
  payments: PaymentLog[];
  label: string;
  showUser?: boolean;
  action?: (payment: PaymentLog) => ReactNode;
}

export function PaymentsTable({ payments, label, showUser, action }: PaymentsTableProps) {
  return (
    <TableWrap label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {showUser ? <th scope="col">User</th> : null}
            <th scope="col">Description</th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col">Status</th>
            {action ? <th scope="col">Actions</th> : null}
          </tr>
        </thead>
        <tbody>
          {payments.map((payment) => (
            <tr key={payment.id}>
              <td className="nowrap">{formatDateTime(paymentDate(payment))}</td>
              {showUser ? <td>{payment.userId ?? '—'}</td> : null}
              <td>
                {payment.description ?? '—'}
                {payment.failureMessage ? <div className="field__error">{payment.failureMessage}</div> : null}
              </td>
              <td className="num">{formatMoney(payment.amount, payment.currency)}</td>
              <td>
                <StatusBadge status={paymentStatus(payment)} />
              </td>
              {action ? <td>{action(payment)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
