import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { newId } from '../store/ids.ts';
import { itemLines, pendingItemLines, productName } from './cycle-invoice.ts';
import { subscriptionDiscount } from './discounts.ts';
import { collectInvoice } from './dunning.ts';
import { buildInvoice, type LineInput } from './invoice-builder.ts';
import { boundary, type Interval } from './periods.ts';
import { prorationLines } from './proration.ts';
import type { PlannedChange } from './subscription-change.ts';
import { periodOf, setPeriod } from './subscription-items.ts';

export type ProrationBehavior = 'create_prorations' | 'always_invoice' | 'none';

export interface ChangeLines {
  lines: LineInput[];
  /** Bill now (an invoice is created immediately) or leave prorations for the next invoice. */
  invoiceNow: boolean;
  newPeriod: { start: number; end: number } | null;
}

/**
 * The money side of an item change. Changing the billing interval resets the cycle and bills now;
 * otherwise prorations follow `proration_behavior`. Trials are not prorated.
 */
export function linesForChange(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  plan: PlannedChange,
  behavior: ProrationBehavior,
  at: number,
): ChangeLines {
  const names = productName(emulator);
  const period = periodOf(subscription);
  const trialing = subscription.status === 'trialing';
  if (plan.intervalChanged && !trialing) {
    const first = plan.items[0]!.price.recurring!;
    const newPeriod = { start: at, end: boundary(at, first.interval as Interval, first.interval_count, 1) };
    const credits =
      behavior === 'none'
        ? []
        : prorationLines(
            plan.changes.map((change) => ({ before: change.before, after: null })),
            period,
            at,
            names,
          );
    const charges = itemLines(
      { ...subscription, items: { ...subscription.items, data: plan.items } },
      newPeriod,
      names,
    );
    return { lines: [...credits, ...charges], invoiceNow: true, newPeriod };
  }
  if (behavior === 'none' || trialing) return { lines: [], invoiceNow: false, newPeriod: null };
  return {
    lines: prorationLines(plan.changes, period, at, names),
    invoiceNow: behavior === 'always_invoice',
    newPeriod: null,
  };
}

function pendingInvoiceItem(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  line: LineInput,
  at: number,
): Stripe.InvoiceItem {
  return {
    id: newId('ii'),
    object: 'invoiceitem',
    amount: line.amount,
    currency: subscription.currency,
    customer: subscription.customer as string,
    customer_account: null,
    date: at,
    description: line.description,
    discountable: false,
    discounts: [],
    invoice: null,
    livemode: false,
    metadata: {},
    net_amount: line.amount,
    parent: {
      type: 'subscription_details',
      subscription_details: {
        subscription: subscription.id,
        subscription_item: line.subscriptionItem ?? undefined,
      },
    },
    period: line.period,
    pricing: {
      type: 'price_details',
      price_details: line.price ? { price: line.price.id, product: line.price.product as string } : undefined,
      unit_amount_decimal: null,
    } as Stripe.InvoiceItem.Pricing,
    proration: line.proration,
    quantity: line.quantity,
    quantity_decimal: String(line.quantity) as unknown as Stripe.InvoiceItem['quantity_decimal'],
    tax_rates: [],
    test_clock: subscription.test_clock as string | null,
  };
}

/** Apply an item change to a stored subscription: new items, then prorations or an invoice now. */
export function applyItemChange(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  plan: PlannedChange,
  behavior: ProrationBehavior,
  at: number,
): void {
  const money = linesForChange(emulator, subscription, plan, behavior, at);
  subscription.items = { ...subscription.items, data: plan.items };
  if (money.newPeriod) {
    subscription.billing_cycle_anchor = money.newPeriod.start;
    setPeriod(subscription, money.newPeriod.start, money.newPeriod.end);
  }
  emulator.db.subscriptions.put(subscription);
  if (!money.invoiceNow) {
    for (const line of money.lines) {
      const item = emulator.db.invoiceItems.put(pendingInvoiceItem(emulator, subscription, line, at));
      emulator.emit('invoiceitem.created', item, at);
    }
    return;
  }
  const customer = emulator.db.customers.get(subscription.customer as string)!;
  const invoiceId = newId('in');
  const lines = [...pendingItemLines(emulator, subscription.id, invoiceId), ...money.lines];
  const invoice = buildInvoice(emulator, {
    id: invoiceId,
    customer,
    subscription,
    currency: subscription.currency,
    lines,
    billingReason: 'subscription_update',
    periodStart: at,
    periodEnd: at,
    now: at,
    discount: subscriptionDiscount(emulator, subscription.id, at),
  });
  subscription.latest_invoice = invoice.id;
  emulator.db.invoices.put(invoice);
  emulator.emit('invoice.created', invoice, at);
  collectInvoice(emulator, invoice, at, { offSession: true });
}
