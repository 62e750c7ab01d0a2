import { clone } from '../store/clone.ts';
import type Stripe from 'stripe';
import { invalidRequest } from '../server/errors.ts';
import { buildItem, primaryItem } from './subscription-items.ts';
import type { ItemChange } from './proration.ts';

export interface ItemUpdate {
  id?: string;
  price?: Stripe.Price;
  quantity?: number;
  deleted?: boolean;
  metadata?: Record<string, string>;
}

export interface PlannedChange {
  items: Stripe.SubscriptionItem[];
  changes: ItemChange[];
  intervalChanged: boolean;
}

function cadence(item: Stripe.SubscriptionItem): string {
  return `${item.price.recurring?.interval}/${item.price.recurring?.interval_count}`;
}

/** Work out the subscription's items after an update, and which items changed in price or quantity. */
export function planItemChanges(
  subscription: Stripe.Subscription,
  updates: ItemUpdate[],
  now: number,
): PlannedChange {
  const items = subscription.items.data.map((item) => clone(item));
  const changes: ItemChange[] = [];
  const period = {
    start: primaryItem(subscription).current_period_start,
    end: primaryItem(subscription).current_period_end,
  };
  updates.forEach((update, index) => {
    if (update.id) {
      const position = items.findIndex((item) => item.id === update.id);
      if (position < 0)
        throw invalidRequest(`Invalid subscription_item: ${update.id}`, `items[${index}][id]`);
      const before = items[position]!;
      if (update.deleted) {
        items.splice(position, 1);
        changes.push({ before, after: null });
        return;
      }
      const after = clone(before);
      if (update.price) {
        after.price = update.price;
        after.plan = buildItem(subscription.id, update.price, 1, {}, now, period).plan;
      }
      if (update.quantity !== undefined) after.quantity = update.quantity;
      if (update.metadata) after.metadata = { ...after.metadata, ...update.metadata };
      items[position] = after;
      if (after.price.id !== before.price.id || after.quantity !== before.quantity)
        changes.push({ before, after });
      return;
    }
    if (!update.price)
      throw invalidRequest(
        'Missing required param: items[0][price].',
        `items[${index}][price]`,
        'parameter_missing',
      );
    if (items.some((item) => item.price.id === update.price!.id)) {
      throw invalidRequest(
        `Cannot add multiple subscription items with the same price: ${update.price.id}`,
        `items[${index}][price]`,
      );
    }
    const added = buildItem(
      subscription.id,
      update.price,
      update.quantity ?? 1,
      update.metadata ?? {},
      now,
      period,
    );
    items.push(added);
    changes.push({ before: null, after: added });
  });
  if (items.length === 0) throw invalidRequest('A subscription must have at least one item.', 'items');
  const first = items[0]!;
  if (items.some((item) => cadence(item) !== cadence(first))) {
    throw invalidRequest(
      'All prices on a subscription must have the same `recurring.interval` and `recurring.interval_count`.',
      'items',
    );
  }
  if (items.some((item) => item.price.currency !== first.price.currency)) {
    throw invalidRequest('All prices on a subscription must have the same currency.', 'items');
  }
  const intervalChanged = cadence(first) !== cadence(primaryItem(subscription));
  return { items, changes, intervalChanged };
}
