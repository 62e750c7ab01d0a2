import { useState } from 'react';
import { Link } from 'react-router';
import type { PaymentLog } from '../../api/types';
import { Page } from '../../ui/Page';
import { Pagination } from '../../ui/Pagination';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { PaymentsTable } from './PaymentsTable';
import { adminPageSize, useAdminList } from './use-admin-list';

const statuses = ['', 'succeeded', 'failed', 'pending', 'refunded'];

export function PaymentsLogPage() {
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const payments = useAdminList<PaymentLog>('/api/admin/payments', 'payments', { status, page });

  return (
    <Page title="Payments">
      <div className="filters">
        <div className="field">
          <label htmlFor="payment-status">Status</label>
          <select
            id="payment-status"
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              setPage(1);
            }}
          >
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s || 'All'}
              </option>
            ))}
          </select>
        </div>
      </div>
      {payments.isPending ? (
        <Loading label="Loading payments…" minHeight={300} />
      ) : payments.isError ? (
        <ErrorState error={payments.error} onRetry={() => void payments.refetch()} />
      ) : payments.data.items.length === 0 ? (
        <Empty>No payments{status ? ` with status ${status}` : ''}.</Empty>
      ) : (
        <>
          <PaymentsTable
            payments={payments.data.items}
            label="Payment log"
            action={(payment) =>
              payment.userId ? (
                <Link to={`/admin/users/${encodeURIComponent(payment.userId)}`}>Open user</Link>
              ) : null
            }
          />
          <Pagination page={page} pageSize={adminPageSize} total={payments.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
