import { useState } from 'react';
import type { Email } from '../../api/types';
import { formatDateTime } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Pagination } from '../../ui/Pagination';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableWrap } from '../../ui/TableWrap';
import { adminPageSize, useAdminList } from './use-admin-list';

export function EmailsPage() {
  const [kind, setKind] = useState('');
  const [page, setPage] = useState(1);
  const emails = useAdminList<Email>('/api/admin/emails', 'emails', { kind, page });

  return (
    <Page title="E-mail outbox" lead="Every transactional e-mail queued by the system.">
      <div className="filters">
        <div className="field">
          <label htmlFor="email-kind">Kind</label>
          <input
            id="email-kind"
            placeholder="payment_failed"
            value={kind}
            onChange={(e) => {
              setKind(e.target.value.trim());
              setPage(1);
            }}
          />
        </div>
      </div>
      {emails.isPending ? (
        <Loading label="Loading e-mails…" minHeight={300} />
      ) : emails.isError ? (
        <ErrorState error={emails.error} onRetry={() => void emails.refetch()} />
      ) : emails.data.items.length === 0 ? (
        <Empty>No e-mails{kind ? ` of kind ${kind}` : ''}.</Empty>
      ) : (
        <>
          <TableWrap label="Outbox">
            <table>
              <thead>
                <tr>
                  <th scope="col">Queued</th>
                  <th scope="col">To</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {emails.data.items.map((email) => (
                  <tr key={email.id}>
                    <td className="nowrap">{formatDateTime(email.createdAt)}</td>
                    <td>{email.to}</td>
                    <td>
                      <code>{email.kind}</code>
                    </td>
                    <td>{email.subject}</td>
                    <td>{email.status ? <StatusBadge status={email.status} /> : '—'}</td>
                    <td className="nowrap">{formatDateTime(email.sentAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination page={page} pageSize={adminPageSize} total={emails.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
