import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { subscriptions } from '../../platform/db/schema/index.ts';
import { retrieveSubscriptionDiscounts } from '../../stripe/subscription-discounts.ts';
import type { BillingDeps } from '../billing-deps.ts';
import { discountTerms, type DiscountTerms } from '../domain/mrr.ts';

const termsOf = (discount: string | Stripe.Discount): DiscountTerms | undefined =>
  typeof discount !== 'string' && discount.source.coupon && typeof discount.source.coupon !== 'string'
    ? discountTerms(discount, discount.source.coupon)
    : undefined;

/**
 * The terms of the discounts a subscription carries, in its order. Payloads name discounts by id
 * only; a discount never changes, so terms the mirror already keeps are reused and Stripe is asked
 * (once per new discount) only for the rest. Nothing is read for a subscription without discounts.
 */
export async function discountTermsOf(deps: BillingDeps, sub: Stripe.Subscription): Promise<DiscountTerms[]> {
  const listed = sub.discounts ?? [];
  if (listed.length === 0) return [];
  const ids = listed.map((d) => (typeof d === 'string' ? d : d.id));
  const found = new Map<string, DiscountTerms>();
  for (const d of listed) {
    const terms = termsOf(d);
    if (terms) found.set(terms.id, terms);
  }
  if (found.size < ids.length) {
    const [row] = await deps.db
      .select({ discounts: subscriptions.discounts })
      .from(subscriptions)
      .where(eq(subscriptions.id, sub.id));
    for (const known of row?.discounts ?? []) {
      const { current: _, ...terms } = known;
      if (ids.includes(terms.id) && !found.has(terms.id)) found.set(terms.id, terms);
    }
  }
  if (found.size < ids.length) {
    for (const discount of await retrieveSubscriptionDiscounts(deps.stripe.client, sub.id)) {
      const terms = termsOf(discount);
      if (terms && !found.has(terms.id)) found.set(terms.id, terms);
    }
  }
  // A discount removed since this payload was sent cannot be looked up: it is left out.
  return ids.flatMap((id) => found.get(id) ?? []);
}
