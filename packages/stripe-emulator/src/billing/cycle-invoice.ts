import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { subscriptionDiscount } from './discounts.ts';
import { buildInvoice, type LineInput } from './invoice-builder.ts';
import { itemAmount } from './subscription-items.ts';
import { newId } from '../store/ids.ts';

function formatDate(time: number): string {
  return new Date(time * 1000).toISOString().slice(0, 10);
}

export function itemLines(
  subscription: Stripe.Subscription,
  period: { start: number; end: number },
  products: (id: string) => string,
): LineInput[] {
  return subscription.items.data.map((item) => ({
    amount: itemAmount(item),
    description: `${item.quantity ?? 1} × ${products(item.price.product as string)} (at $${((item.price.unit_amount ?? 0) / 100).toFixed(2)} / ${item.price.recurring?.interval ?? 'month'})`,
    price: item.price,
    quantity: item.quantity ?? 1,
    period,
    proration: false,
    subscriptionItem: item.id,
    invoiceItem: null,
  }));
}

export function productName(emulator: Emulator): (id: string) => string {
  return (id) => emulator.db.products.get(id)?.name ?? id;
}

/** Pending invoice items (prorations from `create_prorations`) wait for the subscription's next invoice. */
export function pendingItemLines(
  emulator: Emulator,
  subscriptionId: string,
  invoiceId: string | null,
): LineInput[] {
  const items = emulator.pendingInvoiceItems(subscriptionId);
  return items.map((row) => {
    if (invoiceId) row.invoice = invoiceId;
    const priceId = row.pricing?.price_details?.price;
    return {
      amount: row.amount,
      description: row.description ?? 'Invoice item',
      price: typeof priceId === 'string' ? (emulator.db.prices.get(priceId) ?? null) : null,
      quantity: row.quantity,
      period: row.period,
      proration: row.proration,
      subscriptionItem: row.parent?.subscription_details?.subscription_item ?? null,
      invoiceItem: row.id,
    };
  });
}

/** The invoice for a new period, with any pending prorations, as a draft. */
export function createCycleInvoice(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  period: { start: number; end: number },
  reason: Stripe.Invoice.BillingReason,
  now: number,
  options: { includePending: boolean; invoiceId?: string },
): Stripe.Invoice {
  const customer = emulator.db.customers.get(subscription.customer as string)!;
  const invoiceId = options.invoiceId ?? newId('in');
  const lines = [
    ...(options.includePending ? pendingItemLines(emulator, subscription.id, invoiceId) : []),
    ...itemLines(subscription, period, productName(emulator)),
  ];
  const built = buildInvoice(emulator, {
    id: invoiceId,
    customer,
    subscription,
    currency: subscription.currency,
    lines,
    billingReason: reason,
    periodStart: period.start,
    periodEnd: period.start,
    now,
    discount: subscriptionDiscount(emulator, subscription.id, now),
  });
  emulator.db.invoices.put(built);
  emulator.emit('invoice.created', built, now);
  return built;
}

export { formatDate };
