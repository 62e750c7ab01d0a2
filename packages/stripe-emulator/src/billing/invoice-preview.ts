import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { randomToken } from '../store/ids.ts';
import { itemLines, pendingItemLines, productName } from './cycle-invoice.ts';
import { subscriptionDiscount } from './discounts.ts';
import { buildInvoice, type LineInput } from './invoice-builder.ts';
import { nextPeriodEnd } from './renewal.ts';
import { planItemChanges, type ItemUpdate } from './subscription-change.ts';
import { linesForChange, type ProrationBehavior } from './subscription-update.ts';
import { periodOf } from './subscription-items.ts';

export interface PreviewInput {
  customer: Stripe.Customer;
  subscription: Stripe.Subscription | null;
  items: ItemUpdate[];
  prorationBehavior: ProrationBehavior;
  prorationDate: number | null;
}

/**
 * The invoice a pending change would produce, without changing anything: the prorations billed now
 * (`always_invoice` or an interval change), or the next renewal with prorations carried into it.
 */
export function previewInvoice(emulator: Emulator, input: PreviewInput): Stripe.Invoice {
  const now = emulator.nowForCustomer(input.customer.id);
  const names = productName(emulator);
  const current = input.subscription ? clone(input.subscription) : null;
  let lines: LineInput[] = [];
  let periodStart = now;
  if (current) {
    const at = input.prorationDate ?? now;
    const plan = input.items.length > 0 ? planItemChanges(current, input.items, at) : null;
    const money = plan ? linesForChange(emulator, current, plan, input.prorationBehavior, at) : null;
    const pending = pendingItemLines(emulator, current.id, null);
    if (plan) current.items = { ...current.items, data: plan.items };
    if (money?.invoiceNow) {
      lines = [...pending, ...money.lines];
    } else {
      const start = periodOf(current).end;
      const period = { start, end: nextPeriodEnd(current, start) };
      lines = [...pending, ...(money?.lines ?? []), ...itemLines(current, period, names)];
      periodStart = start;
    }
  }
  const invoice = buildInvoice(emulator, {
    id: `upcoming_in_${randomToken(24)}`,
    customer: input.customer,
    subscription: current,
    currency: current?.currency ?? 'usd',
    lines,
    billingReason: current ? (input.items.length > 0 ? 'subscription_update' : 'upcoming') : 'manual',
    periodStart,
    periodEnd: periodStart,
    now,
    discount: current ? subscriptionDiscount(emulator, current.id, periodStart) : null,
  });
  const balance = input.customer.balance;
  invoice.starting_balance = balance;
  invoice.amount_due = Math.max(0, invoice.total + balance);
  invoice.amount_remaining = invoice.amount_due;
  invoice.ending_balance = Math.min(0, invoice.total + balance);
  return invoice;
}

/** A preview of a new subscription's first invoice (no subscription yet). */
export function previewNewSubscription(
  emulator: Emulator,
  customer: Stripe.Customer,
  prices: { price: Stripe.Price; quantity: number }[],
): Stripe.Invoice {
  const now = emulator.nowForCustomer(customer.id);
  const lines: LineInput[] = prices.map(({ price, quantity }) => ({
    amount: (price.unit_amount ?? 0) * quantity,
    description: `${quantity} × ${emulator.db.products.get(price.product as string)?.name ?? price.product}`,
    price,
    quantity,
    period: { start: now, end: now },
    proration: false,
    subscriptionItem: null,
    invoiceItem: null,
  }));
  return buildInvoice(emulator, {
    id: `upcoming_in_${randomToken(24)}`,
    customer,
    subscription: null,
    currency: prices[0]?.price.currency ?? 'usd',
    lines,
    billingReason: 'subscription_create',
    periodStart: now,
    periodEnd: now,
    now,
    discount: null,
  });
}
