import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { expireCheckoutSession } from '../resources/checkout-expiry.ts';
import { retryInvoice } from './dunning.ts';
import { voidInvoice } from './invoice-lifecycle.ts';
import { DAY } from './periods.ts';
import { renewSubscription } from './renewal.ts';
import { periodOf } from './subscription-items.ts';
import { endSubscription, isLive } from './subscription-status.ts';

export interface Due {
  at: number;
  run: () => void;
}

const INCOMPLETE_LIFETIME = 23 * 60 * 60;

function earliest(candidates: (Due | null)[]): Due | null {
  let best: Due | null = null;
  for (const candidate of candidates) if (candidate && (!best || candidate.at < best.at)) best = candidate;
  return best;
}

/** What a subscription has to do next, and when: trial warnings, renewals, cancels, expiry. */
function subscriptionDue(emulator: Emulator, subscription: Stripe.Subscription): Due | null {
  if (subscription.status === 'incomplete') {
    const at = subscription.created + INCOMPLETE_LIFETIME;
    return {
      at,
      run: () => {
        const invoiceId = subscription.latest_invoice;
        const invoice = typeof invoiceId === 'string' ? emulator.db.invoices.get(invoiceId) : undefined;
        if (invoice?.status === 'open') voidInvoice(emulator, invoice, at);
        endSubscription(emulator, subscription, at, 'payment_failed', 'incomplete_expired');
      },
    };
  }
  if (!isLive(subscription) || subscription.status === 'paused') return null;
  const state = emulator.db.subscriptionState.get(subscription.id);
  const periodEnd = periodOf(subscription).end;
  const trialEnd = subscription.trial_end;
  const warnAt = trialEnd ? Math.max(trialEnd - 3 * DAY, subscription.start_date) : null;
  return earliest([
    subscription.status === 'trialing' &&
    trialEnd &&
    warnAt !== null &&
    state?.trialWillEndSentFor !== trialEnd
      ? {
          at: warnAt,
          run: () => {
            emulator.db.subscriptionState.put({
              id: subscription.id,
              discount: state?.discount ?? null,
              trialWillEndSentFor: trialEnd,
            });
            emulator.emit('customer.subscription.trial_will_end', subscription, warnAt);
          },
        }
      : null,
    subscription.pause_collection?.resumes_at
      ? {
          at: subscription.pause_collection.resumes_at,
          run: () => {
            const before = clone(subscription);
            subscription.pause_collection = null;
            emulator.db.subscriptions.put(subscription);
            emulator.emitUpdated(
              'customer.subscription.updated',
              before,
              subscription,
              before.pause_collection?.resumes_at ?? 0,
            );
          },
        }
      : null,
    subscription.cancel_at !== null && subscription.cancel_at < periodEnd
      ? {
          at: subscription.cancel_at,
          run: () =>
            endSubscription(emulator, subscription, subscription.cancel_at!, 'cancellation_requested'),
        }
      : null,
    { at: periodEnd, run: () => renewSubscription(emulator, subscription, periodEnd) },
  ]);
}

function invoiceDue(emulator: Emulator, invoice: Stripe.Invoice): Due | null {
  const at = invoice.next_payment_attempt;
  if (invoice.status !== 'open' || at === null || invoice.auto_advance === false) return null;
  return { at, run: () => retryInvoice(emulator, invoice, at) };
}

function checkoutDue(emulator: Emulator, session: Stripe.Checkout.Session): Due | null {
  if (session.status !== 'open') return null;
  return { at: session.expires_at, run: () => expireCheckoutSession(emulator, session, session.expires_at) };
}

/** The next due work of any object, by id; null when it has nothing scheduled. */
export function dueFor(emulator: Emulator, id: string): Due | null {
  if (id.startsWith('sub_')) {
    const subscription = emulator.db.subscriptions.get(id);
    return subscription ? subscriptionDue(emulator, subscription) : null;
  }
  if (id.startsWith('in_')) {
    const invoice = emulator.db.invoices.get(id);
    return invoice ? invoiceDue(emulator, invoice) : null;
  }
  if (id.startsWith('cs_')) {
    const session = emulator.db.checkoutSessions.get(id);
    return session ? checkoutDue(emulator, session) : null;
  }
  return null;
}

/** Ids of everything that lives on a clock (null = the emulator clock) and may have due work. */
export function scheduledIds(emulator: Emulator, clockId: string | null): string[] {
  const ids: string[] = [];
  for (const id of emulator.subscriptionsOnClock(clockId)) {
    const subscription = emulator.db.subscriptions.get(id);
    if (!subscription || subscription.ended_at !== null) emulator.subscriptionsOnClock(clockId).delete(id);
    else ids.push(id);
  }
  for (const id of emulator.retrying) {
    const invoice = emulator.db.invoices.get(id);
    if (!invoice || invoice.next_payment_attempt === null) emulator.retrying.delete(id);
    else if ((invoice.test_clock ?? null) === clockId) ids.push(id);
  }
  for (const session of emulator.db.checkoutSessions.values()) {
    if (session.status === 'open' && emulator.clockOfCustomer(session.customer as string | null) === clockId)
      ids.push(session.id);
  }
  return ids;
}
