import type { Catalog } from '../../catalog/catalog.ts';
import { decidingGrant, planOf, type GrantWindow } from './access.ts';
import { isLive, willRenew } from './subscription-access.ts';

/** The `Billing` object of API.md. */
export interface BillingView {
  plan: { id: string; name: string } | null;
  tier: string;
  isPro: boolean;
  features: string[];
  /** API.md's values plus `paused` (collection paused: no access, but the subscription lives on). */
  status:
    'none' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete' | 'expired' | 'paused';
  source: 'subscription' | 'one_time' | 'admin_grant' | null;
  currentPeriodEnd: string | null;
  accessUntil: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
  autoRenew: boolean;
  daysRemaining: number | null;
  /** Added to API.md's shape: the catalog price of the live subscription (what change-plan starts from). */
  priceId: string | null;
}

export const freeBilling = (): BillingView => ({
  plan: null,
  tier: 'free',
  isPro: false,
  features: [],
  status: 'none',
  source: null,
  currentPeriodEnd: null,
  accessUntil: null,
  cancelAtPeriodEnd: false,
  trialEnd: null,
  autoRenew: false,
  daysRemaining: null,
  priceId: null,
});

export interface SubscriptionForView {
  status: string;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
  paused: boolean;
  endReason: string | null;
  priceId: string | null;
}

const DAY_MS = 24 * 3600 * 1000;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/**
 * The user's billing as API.md `Billing`: plan and features from the deciding access grant, status
 * from the subscription when it is what gives (or last gave) access.
 */
export function buildBillingView(input: {
  grants: GrantWindow[];
  subscription: SubscriptionForView | undefined;
  catalog: Catalog;
  now: Date;
  /** Whether any grant of the user has ended: no access now then reads `expired`, not `none`. */
  hadAccess?: boolean;
}): BillingView {
  const { grants, subscription: sub, catalog, now } = input;
  const deciding = decidingGrant(grants, catalog, now);
  const plan = planOf(deciding, catalog);
  const hasAccess = deciding !== undefined;
  const fromSubscription = deciding?.source === 'subscription';
  const renewing = sub !== undefined && willRenew(sub);

  let status: BillingView['status'];
  if (hasAccess && !fromSubscription) status = 'active';
  else if (sub && (fromSubscription || isLive(sub))) status = subscriptionStatus(sub);
  else if (sub?.status === 'canceled' && sub.endReason === 'payment_failed') status = 'canceled';
  else if (input.hadAccess || grants.length > 0 || sub) status = 'expired';
  else status = 'none';

  const accessUntil = !hasAccess
    ? null
    : fromSubscription
      ? renewing
        ? null
        : (deciding.endsAt ?? sub?.currentPeriodEnd ?? null)
      : latestEnd(grants, now);
  return {
    plan: hasAccess ? { id: plan.id, name: plan.name } : null,
    tier: hasAccess ? plan.id : 'free',
    isPro: hasAccess && plan.id !== catalog.free.id,
    features: plan.features,
    status,
    source: deciding?.source ?? null,
    currentPeriodEnd: sub && isLive(sub) ? iso(sub.currentPeriodEnd) : null,
    accessUntil: iso(accessUntil),
    cancelAtPeriodEnd: sub !== undefined && isLive(sub) && sub.cancelAtPeriodEnd,
    trialEnd: sub?.status === 'trialing' ? iso(sub.trialEnd) : null,
    autoRenew: renewing,
    daysRemaining: accessUntil
      ? Math.max(0, Math.ceil((accessUntil.getTime() - now.getTime()) / DAY_MS))
      : null,
    priceId: sub && isLive(sub) ? sub.priceId : null,
  };
}

function subscriptionStatus(sub: SubscriptionForView): BillingView['status'] {
  if (sub.paused) return 'paused';
  switch (sub.status) {
    case 'trialing':
    case 'active':
    case 'past_due':
    case 'unpaid':
    case 'incomplete':
    case 'canceled':
      return sub.status;
    case 'paused':
      return 'paused';
    default:
      return 'expired';
  }
}

/** The end of the access chain: passes and grants stacked back to back count as one window. */
function latestEnd(grants: GrantWindow[], now: Date): Date | null {
  const active = grants.filter((g) => g.status === 'active' && (g.endsAt === null || g.endsAt > now));
  if (active.some((g) => g.endsAt === null)) return null;
  return new Date(Math.max(...active.map((g) => g.endsAt!.getTime())));
}
