/** The `Billing` object of API.md; issue 4 computes it from access grants and the Stripe mirror. */
export interface BillingView {
  plan: { id: string; name: string } | null;
  tier: string;
  isPro: boolean;
  features: string[];
  status: 'none' | 'trialing' | 'active' | 'past_due' | 'canceled' | 'unpaid' | 'incomplete' | 'expired';
  source: 'subscription' | 'one_time' | 'admin_grant' | null;
  currentPeriodEnd: string | null;
  accessUntil: string | null;
  cancelAtPeriodEnd: boolean;
  trialEnd: string | null;
  autoRenew: boolean;
  daysRemaining: number | null;
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
});
