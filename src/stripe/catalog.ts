import type Stripe from 'stripe';
import { callStripe } from './errors.ts';

export const PLAN_METADATA_KEY = 'tollgate_plan_id';

export async function findPriceByLookupKey(
  stripe: Stripe,
  lookupKey: string,
): Promise<Stripe.Price | undefined> {
  const list = await callStripe(() => stripe.prices.list({ lookup_keys: [lookupKey], limit: 1 }));
  return list.data[0];
}

/** Products have no lookup key; ours carry the plan id in metadata. */
export async function findProductForPlan(
  stripe: Stripe,
  planId: string,
): Promise<Stripe.Product | undefined> {
  for await (const product of stripe.products.list({ limit: 100 })) {
    if (product.metadata?.[PLAN_METADATA_KEY] === planId) return product;
  }
  return undefined;
}

export function createProduct(stripe: Stripe, plan: { id: string; name: string; description: string }) {
  return callStripe(() =>
    stripe.products.create(
      {
        name: plan.name,
        ...(plan.description ? { description: plan.description } : {}),
        metadata: { [PLAN_METADATA_KEY]: plan.id },
      },
      { idempotencyKey: `tollgate-product-${plan.id}-${plan.name}` },
    ),
  );
}

export function updateProduct(
  stripe: Stripe,
  productId: string,
  plan: { name: string; description: string },
) {
  return callStripe(() =>
    stripe.products.update(productId, {
      name: plan.name,
      ...(plan.description ? { description: plan.description } : {}),
    }),
  );
}

export function createPrice(
  stripe: Stripe,
  input: {
    productId: string;
    lookupKey: string;
    amount: number;
    currency: string;
    interval: 'month' | 'year' | null;
    planId: string;
  },
) {
  return callStripe(() =>
    stripe.prices.create(
      {
        product: input.productId,
        unit_amount: input.amount,
        currency: input.currency,
        lookup_key: input.lookupKey,
        // A changed amount is a new price; the lookup key moves to it and old subscribers keep theirs.
        transfer_lookup_key: true,
        ...(input.interval ? { recurring: { interval: input.interval } } : {}),
        metadata: { [PLAN_METADATA_KEY]: input.planId, tollgate_price_id: input.lookupKey },
      },
      {
        idempotencyKey: `tollgate-price-${input.lookupKey}-${input.amount}-${input.currency}-${input.interval}`,
      },
    ),
  );
}
