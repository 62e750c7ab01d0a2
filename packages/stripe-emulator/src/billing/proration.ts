import type Stripe from 'stripe';
import type { LineInput } from './invoice-builder.ts';
import { itemAmount } from './subscription-items.ts';

export interface ItemChange {
  before: Stripe.SubscriptionItem | null;
  after: Stripe.SubscriptionItem | null;
}

function fraction(period: { start: number; end: number }, at: number): number {
  const length = period.end - period.start;
  if (length <= 0) return 0;
  return Math.min(1, Math.max(0, (period.end - at) / length));
}

function when(time: number): string {
  return new Date(time * 1000).toUTCString().slice(5, 16);
}

/**
 * Stripe prorates to the second: credit for the unused part of the old item, charge for the rest of
 * the period at the new one.
 */
export function prorationLines(
  changes: ItemChange[],
  period: { start: number; end: number },
  at: number,
  productName: (id: string) => string,
): LineInput[] {
  const share = fraction(period, at);
  const lines: LineInput[] = [];
  const span = { start: at, end: period.end };
  for (const { before, after } of changes) {
    if (before) {
      lines.push({
        amount: -Math.round(itemAmount(before) * share),
        description: `Unused time on ${productName(before.price.product as string)} after ${when(at)}`,
        price: before.price,
        quantity: before.quantity ?? 1,
        period: span,
        proration: true,
        subscriptionItem: before.id,
        invoiceItem: null,
      });
    }
    if (after) {
      lines.push({
        amount: Math.round(itemAmount(after) * share),
        description: `Remaining time on ${productName(after.price.product as string)} after ${when(at)}`,
        price: after.price,
        quantity: after.quantity ?? 1,
        period: span,
        proration: true,
        subscriptionItem: after.id,
        invoiceItem: null,
      });
    }
  }
  return lines.filter((line) => line.amount !== 0);
}
