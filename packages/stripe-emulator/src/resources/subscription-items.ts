import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { planItemChanges } from '../billing/subscription-change.ts';
import { requireRecurring } from '../billing/subscription-items.ts';
import { applyItemChange } from '../billing/subscription-update.ts';
import { resourceMissing } from '../server/errors.ts';
import { paginate, type ListParams } from '../server/pagination.ts';
import {
  anything,
  int,
  listSpec,
  metadata,
  oneOf,
  required,
  string,
  validate,
  bool,
} from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { deletedObject, referenced, snapshot } from './common.ts';

function findItem(
  emulator: Emulator,
  id: string,
): { subscription: Stripe.Subscription; item: Stripe.SubscriptionItem } {
  for (const subscription of emulator.db.subscriptions.values()) {
    const item = subscription.items.data.find((row) => row.id === id);
    if (item) return { subscription, item };
  }
  throw resourceMissing(id, 'subscription_item');
}

type Behavior = 'create_prorations' | 'always_invoice' | 'none';

function change(
  emulator: Emulator,
  subscription: Stripe.Subscription,
  update: {
    id?: string;
    price?: string;
    quantity?: number;
    deleted?: boolean;
    metadata?: Record<string, string>;
  },
  behavior: Behavior | undefined,
): void {
  const now = emulator.nowForCustomer(subscription.customer as string);
  const before = snapshot(subscription);
  const price = update.price
    ? requireRecurring(referenced(emulator.db.prices, update.price, 'price'), 'price')
    : undefined;
  const plan = planItemChanges(subscription, [{ ...update, price }], now);
  if (plan.changes.length > 0)
    applyItemChange(emulator, subscription, plan, behavior ?? 'create_prorations', now);
  else subscription.items = { ...subscription.items, data: plan.items };
  emulator.db.subscriptions.put(subscription);
  emulator.emitUpdated('customer.subscription.updated', before, subscription, now);
}

const behavior = oneOf('create_prorations', 'always_invoice', 'none');

export function subscriptionItemRoutes(router: Router, emulator: Emulator): void {
  router.get('/v1/subscription_items', ({ params }) => {
    const query = validate<ListParams & { subscription: string }>(params, {
      ...listSpec,
      subscription: required(string),
    });
    const subscription = referenced(emulator.db.subscriptions, query.subscription, 'subscription');
    return paginate(
      subscription.items.data,
      query,
      `/v1/subscription_items?subscription=${subscription.id}`,
      'subscription_item',
    );
  });
  router.get('/v1/subscription_items/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findItem(emulator, pathParams[0]!).item;
  });
  router.post('/v1/subscription_items', ({ params }) => {
    const input = validate<{
      subscription: string;
      price: string;
      quantity?: number;
      metadata?: Record<string, string>;
      proration_behavior?: Behavior;
    }>(params, {
      subscription: required(string),
      price: required(string),
      quantity: int,
      metadata,
      proration_behavior: behavior,
      payment_behavior: anything,
      proration_date: anything,
      tax_rates: anything,
    });
    const subscription = referenced(emulator.db.subscriptions, input.subscription, 'subscription');
    change(
      emulator,
      subscription,
      { price: input.price, quantity: input.quantity, metadata: input.metadata },
      input.proration_behavior,
    );
    return subscription.items.data.find((item) => item.price.id === input.price)!;
  });
  router.post('/v1/subscription_items/:id', ({ pathParams, params }) => {
    const input = validate<{
      price?: string;
      quantity?: number;
      metadata?: Record<string, string>;
      proration_behavior?: Behavior;
    }>(params, {
      price: string,
      quantity: int,
      metadata,
      proration_behavior: behavior,
      payment_behavior: anything,
      proration_date: anything,
      off_session: bool,
      tax_rates: anything,
    });
    const { subscription, item } = findItem(emulator, pathParams[0]!);
    change(
      emulator,
      subscription,
      { id: item.id, price: input.price, quantity: input.quantity, metadata: input.metadata },
      input.proration_behavior,
    );
    return subscription.items.data.find((row) => row.id === item.id)!;
  });
  router.delete('/v1/subscription_items/:id', ({ pathParams, params }) => {
    const input = validate<{ proration_behavior?: Behavior }>(params, {
      proration_behavior: behavior,
      clear_usage: bool,
      proration_date: anything,
    });
    const { subscription, item } = findItem(emulator, pathParams[0]!);
    change(emulator, subscription, { id: item.id, deleted: true }, input.proration_behavior);
    return deletedObject(item.id, 'subscription_item');
  });
}
