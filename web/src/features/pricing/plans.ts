import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Billing, Plan, Price } from '../../api/types';

export type Interval = 'month' | 'year';

export function usePlans() {
  return useQuery({
    queryKey: ['plans'],
    queryFn: async () => (await api.get<{ plans: Plan[] }>('/api/plans')).plans,
    staleTime: 5 * 60_000,
  });
}

export function recurringPrice(plan: Plan, interval: Interval): Price | undefined {
  return plan.prices.find((p) => p.type === 'recurring' && p.interval === interval);
}

export function passPrices(plan: Plan): Price[] {
  return plan.prices.filter((p) => p.type === 'one_time' && p.durationDays);
}

export interface Saving {
  amount: number;
  currency: string;
  percent: number;
}

/** What paying yearly saves against twelve monthly payments; null when it saves nothing. */
export function yearlySaving(plan: Plan): Saving | null {
  const monthly = recurringPrice(plan, 'month');
  const yearly = recurringPrice(plan, 'year');
  if (!monthly || !yearly || monthly.currency !== yearly.currency) return null;
  const amount = monthly.amount * 12 - yearly.amount;
  if (amount <= 0) return null;
  return { amount, currency: yearly.currency, percent: Math.round((amount / (monthly.amount * 12)) * 100) };
}

export function bestYearlyPercent(plans: Plan[]): number {
  return Math.max(0, ...plans.map((plan) => yearlySaving(plan)?.percent ?? 0));
}

/** A recurring subscription that checkout would refuse (409 ALREADY_SUBSCRIBED); such users change plan instead. */
export function hasLiveSubscription(billing: Billing | undefined | null): boolean {
  if (!billing || billing.source !== 'subscription') return false;
  return ['trialing', 'active', 'past_due', 'unpaid', 'incomplete'].includes(billing.status);
}

export function priceLabel(price: Price): string {
  if (price.type === 'one_time') return `${price.durationDays}-day pass`;
  return price.interval === 'year' ? 'Yearly' : 'Monthly';
}
