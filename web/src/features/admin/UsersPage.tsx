import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { User } from '../../api/types';
import { formatDate } from '../../ui/format';
import { Page } from '../../ui/Page';
import { Pagination } from '../../ui/Pagination';
import { Empty, ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { TableWrap } from '../../ui/TableWrap';
import { adminPageSize, useAdminList } from './use-admin-list';

export function UsersPage() {
  const [draft, setDraft] = useState('');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const users = useAdminList<User>('/api/admin/users', 'users', { q, page });

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    setQ(draft.trim());
    setPage(1);
  };

  return (
    <Page title="Users">
      <form className="filters" role="search" onSubmit={onSearch}>
        <div className="field">
          <label htmlFor="user-search">Search by e-mail or name</label>
          <input id="user-search" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button className="button button--primary">Search</button>
      </form>
      {users.isPending ? (
        <Loading label="Loading users…" minHeight={300} />
      ) : users.isError ? (
        <ErrorState error={users.error} onRetry={() => void users.refetch()} />
      ) : users.data.items.length === 0 ? (
        <Empty>{q ? `No users match “${q}”.` : 'No users yet.'}</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {users.data.total} {users.data.total === 1 ? 'user' : 'users'}
            {users.isFetching ? ' · updating…' : ''}
          </p>
          <TableWrap label="User list">
            <table>
              <thead>
                <tr>
                  <th scope="col">E-mail</th>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Plan</th>
                  <th scope="col">Status</th>
                  <th scope="col">Joined</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id}>
                    <td>
                      <Link to={`/admin/users/${encodeURIComponent(user.id)}`} state={{ user }}>
                        {user.email}
                      </Link>
                    </td>
                    <td>{user.name ?? '—'}</td>
                    <td>{user.role}</td>
                    <td>{user.billing?.plan?.name ?? 'Free'}</td>
                    <td>
                      <StatusBadge status={user.billing?.status ?? 'none'} />
                    </td>
                    <td className="nowrap">{formatDate(user.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          <Pagination page={page} pageSize={adminPageSize} total={users.data.total} onPage={setPage} />
        </>
      )}
    </Page>
  );
}
