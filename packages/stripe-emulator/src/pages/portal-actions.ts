import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { collectInvoice } from '../billing/dunning.ts';
import { planItemChanges } from '../billing/subscription-change.ts';
import { periodOf, requireRecurring } from '../billing/subscription-items.ts';
import { applyItemChange } from '../billing/subscription-update.ts';
import { setDefaultPaymentMethod } from '../resources/customers.ts';
import { attachPaymentMethod, createCardPaymentMethod } from '../resources/payment-methods.ts';
import { ApiError } from '../server/errors.ts';

function ownSubscription(
  emulator: Emulator,
  session: Stripe.BillingPortal.Session,
  id: string,
): Stripe.Subscription {
  const subscription = emulator.db.subscriptions.get(id);
  if (!subscription || subscription.customer !== session.customer) throw new Error('Unknown subscription.');
  return subscription;
}

/** One portal form post; returns the notice to show. Portal changes prorate like Stripe's default portal. */
export function portalAction(
  emulator: Emulator,
  session: Stripe.BillingPortal.Session,
  form: URLSearchParams,
): string {
  const customerId = session.customer as string;
  const now = emulator.nowForCustomer(customerId);
  const action = form.get('action');
  try {
    if (action === 'card') {
      const [month, year] = (form.get('expiry') ?? '').split('/').map((part) => Number(part.trim()));
      const method = createCardPaymentMethod(
        emulator,
        { number: form.get('cardNumber') ?? '', expMonth: month ?? 0, expYear: year ?? 0 },
        now,
      );
      attachPaymentMethod(emulator, method.id, customerId);
      setDefaultPaymentMethod(emulator, emulator.db.customers.get(customerId)!, method.id);
      for (const subscription of emulator.db.subscriptions.filter(
        (row) => row.customer === customerId && row.ended_at === null,
      )) {
        const before = clone(subscription);
        subscription.default_payment_method = method.id;
        emulator.emitUpdated('customer.subscription.updated', before, subscription, now);
        const latest =
          typeof subscription.latest_invoice === 'string'
            ? emulator.db.invoices.get(subscription.latest_invoice)
            : undefined;
        // Stripe retries an open invoice when the customer fixes their card.
        if (latest?.status === 'open') collectInvoice(emulator, latest, now, { offSession: true });
      }
      return 'Your card was updated.';
    }
    const subscription = ownSubscription(emulator, session, form.get('subscription') ?? '');
    const before = clone(subscription);
    if (action === 'cancel' || action === 'resume') {
      const cancel = action === 'cancel';
      subscription.cancel_at_period_end = cancel;
      subscription.cancel_at = cancel ? periodOf(subscription).end : null;
      subscription.canceled_at = cancel ? now : null;
      subscription.cancellation_details = {
        comment: null,
        feedback: null,
        feedback_option: null,
        reason: cancel ? 'cancellation_requested' : null,
      };
      emulator.db.subscriptions.put(subscription);
      emulator.emitUpdated('customer.subscription.updated', before, subscription, now);
      return cancel
        ? 'Your subscription will end at the end of the period.'
        : 'Your subscription was resumed.';
    }
    if (action === 'switch') {
      const price = emulator.db.prices.get(form.get('price') ?? '');
      if (!price) throw new Error('Unknown plan.');
      const plan = planItemChanges(
        subscription,
        [{ id: subscription.items.data[0]!.id, price: requireRecurring(price, 'price') }],
        now,
      );
      applyItemChange(emulator, subscription, plan, 'create_prorations', now);
      emulator.emitUpdated('customer.subscription.updated', before, subscription, now);
      return 'Your plan was changed.';
    }
    return 'Nothing to do.';
  } catch (error) {
    if (error instanceof ApiError) return error.body.message;
    if (error instanceof Error) return error.message;
    throw error;
  }
}
