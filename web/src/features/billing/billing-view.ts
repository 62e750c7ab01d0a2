import type { Billing } from '../../api/types';

export type BillingView =
  'free' | 'trialing' | 'active' | 'past_due' | 'pending_cancel' | 'pass' | 'ended' | 'problem';

/** The one question every part of the billing page asks: which situation is the customer in? */
export function billingView(billing: Billing): BillingView {
  if (billing.status === 'none' || (!billing.plan && !billing.isPro)) return 'free';
  if (billing.status === 'expired' || billing.status === 'canceled') return 'ended';
  if (billing.status === 'past_due') return 'past_due';
  if (billing.status === 'unpaid' || billing.status === 'incomplete') return 'problem';
  if (billing.source !== 'subscription') return 'pass';
  if (billing.cancelAtPeriodEnd) return 'pending_cancel';
  if (billing.status === 'trialing') return 'trialing';
  return 'active';
}

export function isSubscriptionLive(billing: Billing): boolean {
  return billing.source === 'subscription' && ['trialing', 'active', 'past_due'].includes(billing.status);
}

const dayMs = 86_400_000;

/** Whole days left until `iso`; the server's daysRemaining wins when it sent one. */
export function daysLeft(billing: Billing, iso: string | null, now = Date.now()): number | null {
  if (typeof billing.daysRemaining === 'number') return billing.daysRemaining;
  if (!iso) return null;
  return Math.max(0, Math.ceil((new Date(iso).getTime() - now) / dayMs));
}
