import { useState } from 'react';
import type { AuditEntry } from '../../api/types';
import { formatDateTime } from '../../ui/format';
import { JsonView } from '../../ui/JsonView';
import { Page } from '../../ui/Page';
import { Pagination } from '../../ui/Pagination';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { TableWrap } from '../../ui/TableWrap';
import { adminPageSize, useAdminList } from './use-admin-list';

function actorName(actor: AuditEntry['actor']): string {
  if (!actor) return 'system';
  return typeof actor === 'string' ? actor : (actor.email ?? actor.id ?? 'system');
}

export function AuditLogPage() {
  const [page, setPage] = useState(1);
  const entries = useAdminList<AuditEntry>('/api/admin/audit-log', 'entries', { page });

  return (
    <Page title="Audit log" lead="Who changed what, with the state before and after.">
      {entries.isPending ? (
        <Loading label="Loading the audit log…" minHeight={300} />
      ) : entries.isError ? (
        <ErrorState error={entries.error} onRetry={() => void entries.refetch()} />
      ) : entries.data.items.length === 0 ? (
        <Empty>Nothing recorded yet.</Empty>
      ) : (
        <>
          <TableWrap label="Audit entries">
            <table>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Target</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {entries.data.items.map((entry) => (
                  <tr key={entry.id}>
                    <td className="nowrap">{formatDateTime(entry.createdAt)}</td>
                    <td>{actorName(entry.actor)}</td>
                    <td>
                      <code>{entry.action}</code>
                    </td>
                    <td>{entry.target ?? '—'}</td>
                    <td>
                      <details>
                        <summary>Before and after</summary>
                        <div className="grid grid--2">
                          <JsonView value={entry.before} label="Before" />
                          <JsonView value={entry.after} label="After" />
                        </div>
                      </details>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination page={page} pageSize={adminPageSize} total={entries.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
