import { useQuery } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import { api } from '../../api/client';
import type { AdminSubscription, User } from '../../api/types';
import { formatDate } from '../../ui/format';
import { JsonView } from '../../ui/JsonView';
import { Page } from '../../ui/Page';
import { ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { CancelSubscriptionAction } from './CancelSubscriptionAction';
import { GrantForm } from './GrantForm';
import { UserPayments } from './UserPayments';

export function subscriptionKey(userId: string) {
  return ['admin', 'subscription', userId];
}

export function UserDetailPage() {
  const { userId = '' } = useParams();
  const location = useLocation();
  // The list passes the row along; a direct visit asks the (assumed) detail endpoint instead.
  const fromList = (location.state as { user?: User } | null)?.user;
  const user = useQuery({
    queryKey: ['admin', 'user', userId],
    enabled: !fromList,
    queryFn: async () => {
      const data = await api.get<{ user?: User } & Partial<User>>(
        `/api/admin/users/${encodeURIComponent(userId)}`,
      );
      return (data.user ?? data) as User;
    },
  });
  const subscription = useQuery({
    queryKey: subscriptionKey(userId),
    queryFn: () => api.get<AdminSubscription>(`/api/admin/users/${encodeURIComponent(userId)}/subscription`),
  });
  const person = fromList ?? user.data;

  return (
    <Page title={person?.email ?? 'User'} lead={<Link to="/admin/users">← All users</Link>}>
      <div className="stack">
        <section className="card" aria-labelledby="account-heading">
          <h2 id="account-heading">Account</h2>
          <dl className="facts">
            <dt>User id</dt>
            <dd>
              <code>{userId}</code>
            </dd>
            <dt>Name</dt>
            <dd>{person?.name ?? '—'}</dd>
            <dt>Role</dt>
            <dd>{person?.role ?? '—'}</dd>
            <dt>Joined</dt>
            <dd>{formatDate(person?.createdAt)}</dd>
          </dl>
        </section>

        <section className="card stack" aria-labelledby="subscription-heading">
          <h2 id="subscription-heading">Subscription</h2>
          {subscription.isPending ? (
            <Loading label="Loading subscription…" minHeight={160} />
          ) : subscription.isError ? (
            <ErrorState error={subscription.error} onRetry={() => void subscription.refetch()} />
          ) : (
            <>
              <dl className="facts">
                <dt>Plan</dt>
                <dd>{subscription.data.plan?.name ?? 'Free'}</dd>
                <dt>Status</dt>
                <dd>
                  <StatusBadge status={subscription.data.status} />
                  {subscription.data.cancelAtPeriodEnd ? ' (cancels at period end)' : ''}
                </dd>
                <dt>Source</dt>
                <dd>{subscription.data.source ?? '—'}</dd>
                <dt>Period end</dt>
                <dd>{formatDate(subscription.data.currentPeriodEnd)}</dd>
                <dt>Access until</dt>
                <dd>{formatDate(subscription.data.accessUntil)}</dd>
                <dt>Stripe customer</dt>
                <dd>
                  <code>{subscription.data.stripeCustomerId ?? '—'}</code>
                </dd>
                <dt>Stripe subscription</dt>
                <dd>
                  <code>{subscription.data.stripeSubscriptionId ?? '—'}</code>
                </dd>
              </dl>
              {subscription.data.history?.length ? (
                <details>
                  <summary>History ({subscription.data.history.length})</summary>
                  <JsonView value={subscription.data.history} label="Subscription history" />
                </details>
              ) : null}
              {subscription.data.status !== 'none' && subscription.data.status !== 'expired' ? (
                <CancelSubscriptionAction userId={userId} />
              ) : null}
            </>
          )}
        </section>

        <GrantForm userId={userId} />
        <UserPayments userId={userId} />
      </div>
    </Page>
  );
}
