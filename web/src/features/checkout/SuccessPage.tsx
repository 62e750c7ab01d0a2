import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client';
import type { CheckoutSession } from '../../api/types';
import { Banner } from '../../ui/Banner';
import { Page } from '../../ui/Page';
import { ErrorState, Loading } from '../../ui/States';

const pollEveryMs = 1500;
const giveUpAfterPolls = 40;

/** Stripe sends the buyer to /billing/success?session_id=…; we ask the API until the payment is applied. */
export function SuccessPage() {
  const [params] = useSearchParams();
  const sessionId = params.get('session_id');
  const client = useQueryClient();
  const polls = useRef(0);

  const session = useQuery({
    queryKey: ['checkout', sessionId],
    enabled: Boolean(sessionId),
    queryFn: () => {
      polls.current += 1;
      return api.get<CheckoutSession>(`/api/billing/checkout/${encodeURIComponent(sessionId ?? '')}`);
    },
    refetchInterval: (query) =>
      query.state.data?.status === 'open' && polls.current < giveUpAfterPolls ? pollEveryMs : false,
  });

  const done = session.data?.status === 'complete';
  useEffect(() => {
    // Access changed: everything that shows billing must be re-read.
    if (done) void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'checkout' });
  }, [done, client]);

  if (!sessionId) {
    return (
      <Page title="Checkout" width="narrow">
        <Banner tone="warning" title="No checkout to confirm">
          This page needs a checkout session. <Link to="/pricing">Go to pricing</Link>.
        </Banner>
      </Page>
    );
  }
  if (session.isError) {
    return (
      <Page title="Checkout" width="narrow">
        <ErrorState
          error={session.error}
          onRetry={() => void session.refetch()}
          title="Could not confirm your payment."
        />
      </Page>
    );
  }
  if (done && session.data) {
    const planName = session.data.billing.plan?.name ?? 'all set';
    return (
      <Page
        title={`You're ${planName}`}
        width="narrow"
        lead="Thank you! Your payment went through and your access is active."
      >
        <p className="hero__actions">
          <Link to="/dashboard" className="button button--primary">
            Go to your dashboard
          </Link>
          <Link to="/billing" className="button button--secondary">
            See billing details
          </Link>
        </p>
      </Page>
    );
  }
  if (session.data?.status === 'expired') {
    return (
      <Page
        title="Checkout expired"
        width="narrow"
        lead="This checkout timed out before payment; nothing was charged."
      >
        <Link to="/pricing" className="button button--primary">
          Back to pricing
        </Link>
      </Page>
    );
  }
  const stillWaiting = polls.current >= giveUpAfterPolls;
  return (
    <Page title="Confirming your payment…" width="narrow">
      {stillWaiting ? (
        <Banner tone="info" title="Your payment is still being processed">
          This can take a few minutes. We will e-mail you when it is done; you can also check your{' '}
          <Link to="/billing">billing page</Link>.
        </Banner>
      ) : (
        <Loading label="Waiting for Stripe to confirm your payment…" minHeight={160} />
      )}
    </Page>
  );
}
