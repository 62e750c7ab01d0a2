/**
 * What each Stripe subscription status means for access. Every status has a meaning: trialing and
 * active give access; past_due gives access during the grace (by default, while Stripe retries);
 * unpaid, canceled, incomplete, incomplete_expired and paused give none.
 */
export interface SubscriptionState {
  status: string;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  paused: boolean;
}

export interface AccessPolicy {
  /** Days of access after a failed renewal; null means for as long as Stripe keeps retrying. */
  pastDueGraceDays: number | null;
}

const DAY_MS = 24 * 3600 * 1000;
// A renewal's events can arrive minutes after the period ends; access must not flicker meanwhile.
export const RENEWAL_LEEWAY_MS = DAY_MS;

export const isOnTrial = (s: SubscriptionState) => s.status === 'trialing';
export const isPastDue = (s: SubscriptionState) => s.status === 'past_due';
/** Cashier's "on grace period": cancelled, but the paid period has not run out yet. */
export const isOnGracePeriod = (s: SubscriptionState, now: Date) =>
  s.cancelAtPeriodEnd && ['trialing', 'active'].includes(s.status) && s.currentPeriodEnd > now;
/** A subscription that is still the customer's (a new checkout would make a second one). */
export const isLive = (s: { status: string }) =>
  ['trialing', 'active', 'past_due', 'unpaid', 'paused'].includes(s.status);
export const willRenew = (s: SubscriptionState) =>
  ['trialing', 'active', 'past_due'].includes(s.status) && !s.cancelAtPeriodEnd && !s.paused;

/** The access window a subscription grants: null when it grants none, `endsAt: null` when open-ended. */
export function subscriptionAccess(
  s: SubscriptionState,
  policy: AccessPolicy,
): { endsAt: Date | null } | null {
  if (s.paused) return null;
  switch (s.status) {
    case 'trialing':
    case 'active':
      return {
        endsAt: s.cancelAtPeriodEnd
          ? s.currentPeriodEnd
          : new Date(s.currentPeriodEnd.getTime() + RENEWAL_LEEWAY_MS),
      };
    case 'past_due':
      return {
        endsAt:
          policy.pastDueGraceDays === null
            ? null
            : new Date(s.currentPeriodStart.getTime() + policy.pastDueGraceDays * DAY_MS),
      };
    default:
      return null;
  }
}
