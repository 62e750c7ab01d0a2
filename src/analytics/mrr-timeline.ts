import { and, inArray, lte } from 'drizzle-orm';
import { discountedMrr, discountEndsAfter, type DiscountTerms } from '../billing/domain/mrr.ts';
import type { Db } from '../platform/db/database.ts';
import {
  billingCustomers,
  stripeEvents,
  subscriptions,
  type SubscriptionRow,
} from '../platform/db/schema/index.ts';

/** One subscription's state from `at` (ms) on: its MRR (minor units) and whether it counts as active. */
export interface TimelineState {
  at: number;
  mrr: number;
  active: boolean;
}

export interface Timeline {
  subscriptionId: string;
  userId: string;
  states: TimelineState[];
}

const PAYING = new Set(['active', 'past_due']);
const SUBSCRIPTION_EVENTS = [
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.paused',
  'customer.subscription.resumed',
];

/** A state with the states it turns into when its discounts end, unless another state comes first. */
interface PendingState extends TimelineState {
  then?: TimelineState[];
}

interface EventSubscription {
  id?: string;
  customer?: string | { id: string };
  status?: string;
  currency?: string;
  pause_collection?: unknown;
  discounts?: (string | { id: string })[];
  items?: {
    data?: {
      quantity?: number | null;
      price?: { unit_amount?: number | null; recurring?: { interval?: string } | null };
    }[];
  };
}

type Price = { amount: number; interval: string | null; currency: string };

/** Paying from `at` at the discounted price, and the full(er) price from each discount's end. */
function payingState(price: Price, discounts: DiscountTerms[], at: number, active: boolean): PendingState {
  return {
    at,
    mrr: discountedMrr(price, discounts, at),
    active,
    then: discountEndsAfter(discounts, at).map((end) => ({
      at: end,
      mrr: discountedMrr(price, discounts, end),
      active,
    })),
  };
}

/**
 * A subscription counts for MRR while active or past due and not paused, less its discounts in
 * effect; trials count 0. A payload names its discounts by id: `known` (the mirror's) gives the terms.
 */
export function stateOfEvent(
  object: EventSubscription,
  at: number,
  known: DiscountTerms[] = [],
): PendingState {
  const item = object.items?.data?.[0];
  const paused = Boolean(object.pause_collection) || object.status === 'paused';
  const active = object.status === 'active' && !paused;
  if (!PAYING.has(object.status ?? '') || paused) return { at, mrr: 0, active };
  const ids = (object.discounts ?? []).map((d) => (typeof d === 'string' ? d : d.id));
  const discounts = ids.flatMap((id) => known.find((d) => d.id === id) ?? []);
  const price = {
    amount: (item?.price?.unit_amount ?? 0) * (item?.quantity ?? 1),
    interval: item?.price?.recurring?.interval ?? null,
    currency: object.currency ?? discounts[0]?.currency ?? '',
  };
  return payingState(price, discounts, at, active);
}

const currentDiscounts = (row: SubscriptionRow) => row.discounts.filter((d) => d.current);
const priceOf = (row: SubscriptionRow): Price => ({
  amount: row.amount,
  interval: row.interval,
  currency: row.currency,
});

/** The mirror row's current state (its MRR as synced), then what its discounts' ends change. */
export function stateOfRow(row: SubscriptionRow, at: number): PendingState {
  const active = row.status === 'active' && !row.paused;
  if (!PAYING.has(row.status) || row.paused) return { at, mrr: 0, active };
  return { ...payingState(priceOf(row), currentDiscounts(row), at, active), mrr: row.mrr };
}

/** A row's MRR at `at`: as synced, unless a discount it carries has ended since. */
export function rowMrrAt(row: SubscriptionRow, at: number): number {
  const synced = row.syncedAt.getTime();
  const current = currentDiscounts(row);
  const ended = discountEndsAfter(current, synced).some((end) => end <= at);
  return ended ? discountedMrr(priceOf(row), current, at) : row.mrr;
}

/** The states in order, each followed by the discount ends that come before the next state. */
function settle(states: PendingState[]): TimelineState[] {
  states.sort((a, b) => a.at - b.at);
  return states.flatMap(({ then, ...state }, i) => {
    const next = states[i + 1]?.at ?? Infinity;
    return [state, ...(then ?? []).filter((t) => t.at < next)];
  });
}

/**
 * A history for a subscription no event tells about (imported, or only ever fetched): trialing from
 * its creation, paying from the trial's end (or creation) until it ended, at its current MRR (or, once
 * ended, its price's monthly amount).
 */
export function synthesizedStates(row: SubscriptionRow): PendingState[] {
  const created = row.stripeCreatedAt.getTime();
  const payingFrom = row.trialEnd ? row.trialEnd.getTime() : created;
  const states: PendingState[] = [];
  if (row.trialEnd) states.push({ at: created, mrr: 0, active: false });
  if (PAYING.has(row.status) || row.status === 'paused' || row.paused) {
    states.push({ ...stateOfRow(row, payingFrom) });
    return states;
  }
  const endedAt = (row.endedAt ?? row.canceledAt)?.getTime();
  if (endedAt !== undefined) {
    if (endedAt > payingFrom) states.push(payingState(priceOf(row), currentDiscounts(row), payingFrom, true));
    states.push({ at: endedAt, mrr: 0, active: false });
    return states;
  }
  if (!row.trialEnd) states.push({ at: created, mrr: 0, active: false });
  return states;
}

/**
 * Every subscription's MRR history up to `to`, from the stored `customer.subscription.*` webhook
 * payloads (the inbox keeps them all), ending with the mirror row when it is newer than the last event.
 */
export async function loadTimelines(db: Db, to: Date): Promise<Timeline[]> {
  const [rows, events, customers] = await Promise.all([
    db.select().from(subscriptions),
    db
      .select({ at: stripeEvents.stripeCreatedAt, payload: stripeEvents.payload })
      .from(stripeEvents)
      .where(and(inArray(stripeEvents.type, SUBSCRIPTION_EVENTS), lte(stripeEvents.stripeCreatedAt, to))),
    db
      .select({ userId: billingCustomers.userId, customerId: billingCustomers.stripeCustomerId })
      .from(billingCustomers),
  ]);
  const userOfCustomer = new Map(customers.map((c) => [c.customerId, c.userId]));
  const knownDiscounts = new Map(rows.map((row) => [row.id, row.discounts]));
  const timelines = new Map<string, { userId: string; states: PendingState[] }>();
  for (const row of rows) timelines.set(row.id, { userId: row.userId, states: [] });
  for (const event of events) {
    const object = (event.payload as { data?: { object?: EventSubscription } }).data?.object;
    if (!object?.id) continue;
    let timeline = timelines.get(object.id);
    if (!timeline) {
      const customer = typeof object.customer === 'string' ? object.customer : object.customer?.id;
      const userId = customer ? userOfCustomer.get(customer) : undefined;
      if (!userId) continue;
      timeline = { userId, states: [] };
      timelines.set(object.id, timeline);
    }
    timeline.states.push(stateOfEvent(object, event.at.getTime(), knownDiscounts.get(object.id)));
  }
  for (const row of rows) {
    const timeline = timelines.get(row.id)!;
    timeline.states.sort((a, b) => a.at - b.at);
    if (timeline.states.length === 0) {
      timeline.states = synthesizedStates(row);
      continue;
    }
    const last = timeline.states[timeline.states.length - 1]!;
    const synced = row.syncedAt.getTime();
    const current = stateOfRow(row, synced);
    if (
      synced > last.at &&
      synced <= to.getTime() &&
      (current.mrr !== last.mrr || current.active !== last.active)
    )
      timeline.states.push(current);
  }
  return [...timelines].map(([subscriptionId, { userId, states }]) => ({
    subscriptionId,
    userId,
    states: settle(states),
  }));
}

/** The state in force at `t` (inclusive), or nothing before the first. */
export function stateAt(timeline: Timeline, t: number): TimelineState | undefined {
  let found: TimelineState | undefined;
  for (const state of timeline.states) {
    if (state.at > t) break;
    found = state;
  }
  return found;
}

/** Per user: the sum of their subscriptions' MRR at `t`, and whether any is active. */
export function usersAt(timelines: Timeline[], t: number): Map<string, { mrr: number; active: boolean }> {
  const result = new Map<string, { mrr: number; active: boolean }>();
  for (const timeline of timelines) {
    const state = stateAt(timeline, t);
    if (!state) continue;
    const entry = result.get(timeline.userId) ?? { mrr: 0, active: false };
    entry.mrr += state.mrr;
    entry.active ||= state.active;
    result.set(timeline.userId, entry);
  }
  return result;
}

/** Users who paid (MRR > 0) at some instant before `t`. */
export function payersBefore(timelines: Timeline[], t: number): Set<string> {
  const result = new Set<string>();
  for (const timeline of timelines)
    if (timeline.states.some((s) => s.at < t && s.mrr > 0)) result.add(timeline.userId);
  return result;
}
