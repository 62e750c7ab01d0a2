import { and, inArray, lte } from 'drizzle-orm';
import { monthlyAmount } from '../billing/domain/mrr.ts';
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

interface EventSubscription {
  id?: string;
  customer?: string | { id: string };
  status?: string;
  pause_collection?: unknown;
  items?: {
    data?: {
      quantity?: number | null;
      price?: { unit_amount?: number | null; recurring?: { interval?: string } | null };
    }[];
  };
}

/** A subscription counts for MRR while active or past due and not paused; trials count 0. */
export function stateOfEvent(object: EventSubscription, at: number): TimelineState {
  const item = object.items?.data?.[0];
  const paused = Boolean(object.pause_collection) || object.status === 'paused';
  const paying = PAYING.has(object.status ?? '') && !paused;
  const amount = (item?.price?.unit_amount ?? 0) * (item?.quantity ?? 1);
  return {
    at,
    mrr: paying ? monthlyAmount(amount, item?.price?.recurring?.interval ?? null) : 0,
    active: object.status === 'active' && !paused,
  };
}

/** The mirror row's current state. */
export function stateOfRow(row: SubscriptionRow, at: number): TimelineState {
  const paying = PAYING.has(row.status) && !row.paused;
  return { at, mrr: paying ? row.mrr : 0, active: row.status === 'active' && !row.paused };
}

/**
 * A history for a subscription no event tells about (imported, or only ever fetched): trialing from
 * its creation, paying from the trial's end (or creation) until it ended, at its current MRR (or, once
 * ended, its price's monthly amount).
 */
export function synthesizedStates(row: SubscriptionRow): TimelineState[] {
  const created = row.stripeCreatedAt.getTime();
  const payingFrom = row.trialEnd ? row.trialEnd.getTime() : created;
  const states: TimelineState[] = [];
  if (row.trialEnd) states.push({ at: created, mrr: 0, active: false });
  if (PAYING.has(row.status) || row.status === 'paused' || row.paused) {
    states.push({ ...stateOfRow(row, payingFrom) });
    return states;
  }
  const endedAt = (row.endedAt ?? row.canceledAt)?.getTime();
  if (endedAt !== undefined) {
    if (endedAt > payingFrom)
      states.push({ at: payingFrom, mrr: monthlyAmount(row.amount, row.interval), active: true });
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
  const timelines = new Map<string, Timeline>();
  for (const row of rows) timelines.set(row.id, { subscriptionId: row.id, userId: row.userId, states: [] });
  for (const event of events) {
    const object = (event.payload as { data?: { object?: EventSubscription } }).data?.object;
    if (!object?.id) continue;
    let timeline = timelines.get(object.id);
    if (!timeline) {
      const customer = typeof object.customer === 'string' ? object.customer : object.customer?.id;
      const userId = customer ? userOfCustomer.get(customer) : undefined;
      if (!userId) continue;
      timeline = { subscriptionId: object.id, userId, states: [] };
      timelines.set(object.id, timeline);
    }
    timeline.states.push(stateOfEvent(object, event.at.getTime()));
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
  for (const timeline of timelines.values()) timeline.states.sort((a, b) => a.at - b.at);
  return [...timelines.values()];
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
