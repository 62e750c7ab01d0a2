import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import { Page } from '../../ui/Page';
import { ErrorState, Loading } from '../../ui/States';
import { useSession } from '../auth/session';

/**
 * The console is for role "admin" only. The server enforces this on every call (403 FORBIDDEN); the
 * guard just spares other users a page of errors and says plainly that they may not be here.
 */
export function AdminGuard({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading label="Checking your access…" minHeight={240} />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (session.data.role !== 'admin') return <NotAllowedPage />;
  return <>{children}</>;
}

export function NotAllowedPage() {
  return (
    <Page title="Not allowed" width="narrow" lead="This part of Tollgate is only for administrators.">
      <p>
        If you think you should have access, ask an administrator.{' '}
        <Link to="/dashboard">Back to your dashboard</Link>
      </p>
    </Page>
  );
}
