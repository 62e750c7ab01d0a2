import type Stripe from 'stripe';
import type { Db } from '../platform/db/database.ts';
import { catalogPrices } from '../platform/db/schema/index.ts';
import {
  createPrice,
  createProduct,
  findPriceByLookupKey,
  findProductForPlan,
  updateProduct,
} from '../stripe/catalog.ts';
import type { Catalog, CatalogPrice } from './catalog.ts';

export interface SyncedPrice {
  priceId: string;
  stripePriceId: string;
  action: 'created' | 'replaced' | 'unchanged';
}

const matches = (stripePrice: Stripe.Price, price: CatalogPrice) =>
  stripePrice.unit_amount === price.amount &&
  stripePrice.currency === price.currency &&
  (stripePrice.recurring?.interval ?? null) === (price.type === 'recurring' ? price.interval : null);

/**
 * Makes Stripe hold the catalog, idempotently: products by plan, prices by lookup key. A changed
 * amount creates a new price and moves the lookup key to it; an existing price is never edited.
 */
export async function syncPlans(
  deps: { db: Db; stripe: Stripe; now: () => Date },
  catalog: Catalog,
  onProgress: (done: number, total: number, priceId: string) => void = () => {},
): Promise<SyncedPrice[]> {
  const prices = catalog.plans.flatMap((plan) => plan.prices.map((price) => ({ plan, price })));
  const products = new Map<string, string>();
  const results: SyncedPrice[] = [];
  for (const [index, { plan, price }] of prices.entries()) {
    let productId = products.get(plan.id);
    if (!productId) {
      const existing = await findProductForPlan(deps.stripe, plan.id);
      const product = existing
        ? existing.name === plan.name && (existing.description ?? '') === plan.description
          ? existing
          : await updateProduct(deps.stripe, existing.id, plan)
        : await createProduct(deps.stripe, plan);
      productId = product.id;
      products.set(plan.id, productId);
    }
    const current = await findPriceByLookupKey(deps.stripe, price.id);
    const stripePrice =
      current && matches(current, price)
        ? current
        : await createPrice(deps.stripe, {
            productId,
            lookupKey: price.id,
            amount: price.amount,
            currency: price.currency,
            interval: price.type === 'recurring' ? price.interval : null,
            planId: plan.id,
          });
    const action = !current ? 'created' : stripePrice === current ? 'unchanged' : 'replaced';
    const row = {
      planId: plan.id,
      stripeProductId: productId,
      stripePriceId: stripePrice.id,
      amount: price.amount,
      currency: price.currency,
      syncedAt: deps.now(),
    };
    await deps.db
      .insert(catalogPrices)
      .values({ id: price.id, ...row })
      .onConflictDoUpdate({ target: catalogPrices.id, set: row });
    results.push({ priceId: price.id, stripePriceId: stripePrice.id, action });
    onProgress(index + 1, prices.length, price.id);
  }
  return results;
}
