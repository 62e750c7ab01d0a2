import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { User } from '../../api/types';
import { ErrorState, Loading } from '../../ui/States';
import { useSession } from './session';

/** Renders children with the signed-in user, or sends the visitor to log in and back. */
export function RequireAuth({ children }: { children: (user: User) => ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading label="Checking your session…" minHeight={240} />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children(session.data)}</>;
}
