import { and, desc, eq, inArray } from 'drizzle-orm';
import { invoices, subscriptions, type User } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';
import { payInvoice, retrieveInvoice } from '../stripe/invoices.ts';
import { retrieveSubscription } from '../stripe/subscriptions.ts';
import type { BillingDeps } from './billing-deps.ts';
import { loadBilling } from './load-billing.ts';
import { applyInvoice, subscriptionIdOf } from './sync/apply-invoice.ts';
import { applySubscription } from './sync/apply-subscription.ts';

/**
 * Pays the user's open invoice now (after they updated their card), instead of waiting for Stripe's
 * next retry. A decline answers 402 with the card's message; the mirror follows either way.
 */
export async function retryPayment(deps: BillingDeps, user: User) {
  // Only an invoice whose subscription can still be saved: paying after Stripe gave up revives nothing.
  const [open] = await deps.db
    .select({ id: invoices.id })
    .from(invoices)
    .innerJoin(subscriptions, eq(subscriptions.id, invoices.subscriptionId))
    .where(
      and(
        eq(invoices.userId, user.id),
        eq(invoices.status, 'open'),
        inArray(subscriptions.status, ['past_due', 'unpaid', 'incomplete']),
      ),
    )
    .orderBy(desc(invoices.stripeCreatedAt))
    .limit(1);
  if (!open) throw new AppError(409, 'NO_OPEN_INVOICE', 'There is no unpaid invoice to pay.');
  let failure: unknown;
  try {
    await payInvoice(deps.stripe.client, open.id);
  } catch (error) {
    failure = error;
  }
  // Whatever happened, mirror what Stripe now holds.
  const invoice = await retrieveInvoice(deps.stripe.client, open.id);
  await applyInvoice(deps, invoice);
  const subscriptionId = subscriptionIdOf(invoice);
  if (subscriptionId)
    await applySubscription(deps, await retrieveSubscription(deps.stripe.client, subscriptionId));
  if (failure) throw failure;
  return loadBilling(deps.db, deps.catalog, user.id, deps.clock.now());
}
