import type Stripe from 'stripe';
import { EmulatorClock } from './clock/emulator-clock.ts';
import { createDatabase, type Database } from './store/database.ts';
import { FieldSnapshot, fieldTexts, joinFields } from './store/fields.ts';
import { newId } from './store/ids.ts';
import { Chaos } from './webhooks/chaos.ts';
import { EventSnapshot } from './webhooks/event-snapshot.ts';
import { Dispatcher, type DeliveryOptions, type DeliveryOutcome } from './webhooks/dispatcher.ts';
import { wantsEvent, type DeliveryTarget } from './webhooks/endpoint.ts';

export const API_VERSION = '2026-10-28.endive';
const EVENT_TRIM_BATCH = 1000;
const NO_TARGETS: readonly DeliveryTarget[] = [];

export interface DunningSettings {
  /** Days after the first failed renewal payment on which payment is retried. */
  retryDays: number[];
  /** What happens to the subscription when the last retry fails. */
  finalAction: 'cancel' | 'unpaid' | 'past_due';
}

export interface RequestInfo {
  id: string;
  idempotencyKey: string | null;
}

/** Everything a request handler or the billing engine needs: state, time, events and settings. */
export class Emulator {
  readonly db: Database = createDatabase();
  readonly clock: EmulatorClock;
  readonly chaos = new Chaos();
  readonly dispatcher: Dispatcher;
  staticTargets: DeliveryTarget[];
  dunning: DunningSettings = { retryDays: [1, 3, 5], finalAction: 'cancel' };
  baseUrl = 'http://127.0.0.1';
  maxEvents: number;
  currentRequest: RequestInfo | null = null;
  private requestOfEvents: { id: string | null; idempotency_key: string | null } | null = null;
  /** While clocks advance, ids of objects that changed, so their next due work is scheduled. */
  touched: Set<string> | null = null;
  /** Invoices with a scheduled payment retry, so clocks need not scan every invoice. */
  readonly retrying = new Set<string>();
  /** Live subscriptions per clock (`''` = the emulator clock), so advancing a clock touches only its own. */
  private readonly clockMembers = new Map<string, Set<string>>();
  /** Customer ids per test clock (a customer's clock never changes), so no scan of every customer. */
  private readonly clockCustomers = new Map<string, Set<string>>();
  /** Ids of invoice items waiting for a subscription's next invoice, so renewals need not scan them all. */
  private readonly pendingItems = new Map<string, Set<string>>();
  private readonly deliveryState = new Map<string, { pending: number; failed: boolean }>();

  constructor(options: {
    frozenAt: number | null;
    delivery: DeliveryOptions;
    targets: DeliveryTarget[];
    maxEvents: number;
  }) {
    this.clock = new EmulatorClock(options.frozenAt);
    this.staticTargets = options.targets;
    this.maxEvents = options.maxEvents;
    this.dispatcher = new Dispatcher(options.delivery, this.chaos, (outcome) => this.onDelivery(outcome));
    this.db.customers.onPut((customer) => this.indexCustomer(customer));
    this.db.invoiceItems.onPut((item) => this.indexPendingItem(item));
  }

  private indexPendingItem(item: Stripe.InvoiceItem): void {
    const subscription = item.parent?.subscription_details?.subscription;
    if (item.invoice !== null || typeof subscription !== 'string') return;
    let members = this.pendingItems.get(subscription);
    if (!members) {
      members = new Set();
      this.pendingItems.set(subscription, members);
    }
    members.add(item.id);
  }

  /**
   * A subscription's invoice items not yet on an invoice, in creation order (entries that were
   * invoiced or deleted since are dropped as they are met).
   */
  pendingInvoiceItems(subscriptionId: string): Stripe.InvoiceItem[] {
    const members = this.pendingItems.get(subscriptionId);
    const out: Stripe.InvoiceItem[] = [];
    if (!members) return out;
    for (const id of members) {
      const item = this.db.invoiceItems.get(id);
      if (item && item.invoice === null && item.parent?.subscription_details?.subscription === subscriptionId)
        out.push(item);
      else members.delete(id);
    }
    if (members.size === 0) this.pendingItems.delete(subscriptionId);
    return out;
  }

  private indexCustomer(customer: Stripe.Customer): void {
    const clock = customer.test_clock;
    if (typeof clock !== 'string') return;
    let members = this.clockCustomers.get(clock);
    if (!members) {
      members = new Set();
      this.clockCustomers.set(clock, members);
    }
    members.add(customer.id);
  }

  /** The customers on a test clock. */
  customersOnClock(clockId: string): Stripe.Customer[] {
    const members = this.clockCustomers.get(clockId);
    const out: Stripe.Customer[] = [];
    if (!members) return out;
    for (const id of members) {
      const customer = this.db.customers.get(id);
      if (customer && customer.test_clock === clockId) out.push(customer);
      else members.delete(id);
    }
    return out;
  }

  /** Objects on a test clock live on its frozen time; everything else on the emulator clock. */
  nowForClock(clockId: string | null | undefined): number {
    if (clockId) {
      const clock = this.db.testClocks.get(clockId);
      if (clock) return clock.frozen_time;
    }
    return this.clock.now();
  }

  clockOfCustomer(customerId: string | null | undefined): string | null {
    if (!customerId) return null;
    const clock = this.db.customers.get(customerId)?.test_clock;
    return typeof clock === 'string' ? clock : null;
  }

  nowForCustomer(customerId: string | null | undefined): number {
    return this.nowForClock(this.clockOfCustomer(customerId));
  }

  deliveryTargets(): DeliveryTarget[] {
    const targets = [...this.staticTargets];
    for (const endpoint of this.db.webhookEndpoints.values()) {
      if (endpoint.status !== 'enabled') continue;
      const secret = this.db.webhookSecrets.get(endpoint.id)?.secret ?? '';
      targets.push({ id: endpoint.id, url: endpoint.url, secret, enabledEvents: endpoint.enabled_events });
    }
    return targets;
  }

  /** Record an event with a snapshot of the object as it is now, and queue its deliveries. */
  emit(
    type: Stripe.Event.Type,
    object: object,
    at: number,
    previous?: Record<string, unknown>,
    snapshot?: string | EventSnapshot,
  ): Stripe.EventBase {
    const targets =
      this.staticTargets.length === 0 && this.db.webhookEndpoints.size === 0
        ? NO_TARGETS
        : this.deliveryTargets().filter((target) => wantsEvent(target, type));
    const event: Stripe.EventBase = {
      id: newId('evt'),
      object: 'event',
      api_version: API_VERSION,
      created: at,
      data: new EventSnapshot(object, previous, snapshot),
      livemode: false,
      pending_webhooks: targets.length,
      request: this.eventRequest(),
      type,
    };
    this.db.events.put(event);
    const objectId = (object as { id?: unknown }).id;
    if (this.touched && typeof objectId === 'string') this.touched.add(objectId);
    this.trimEvents();
    if (targets.length > 0) {
      this.deliveryState.set(event.id, { pending: targets.length, failed: false });
      const payload = JSON.stringify(event, null, 2);
      for (const target of targets) this.dispatcher.enqueue(event.id, type, payload, target);
    }
    return event;
  }

  /**
   * Another event about the same object with nothing changed since `earlier` was emitted (such as
   * `invoice.payment_succeeded` right after `invoice.paid`): its snapshot is reused, not re-serialized.
   */
  emitAgain(
    type: Stripe.Event.Type,
    earlier: Stripe.EventBase,
    object: object,
    at: number,
  ): Stripe.EventBase {
    const data = earlier.data as unknown;
    return this.emit(type, object, at, undefined, data instanceof EventSnapshot ? data : undefined);
  }

  /** `event.request`: one object per API request, shared by the events it causes. */
  private eventRequest(): Stripe.EventBase['request'] {
    const current = this.currentRequest;
    if (!current) return { id: null, idempotency_key: null };
    const shared = this.requestOfEvents;
    if (shared?.id === current.id && shared.idempotency_key === current.idempotencyKey) return shared;
    this.requestOfEvents = { id: current.id, idempotency_key: current.idempotencyKey };
    return this.requestOfEvents;
  }

  /**
   * `*.updated` events carry the previous values of the top-level fields that changed. `before` is a
   * deep copy of the object taken before the change, or (cheaper) a `fieldsOf` snapshot of it.
   */
  emitUpdated(type: Stripe.Event.Type, before: object | FieldSnapshot, after: object, at: number): void {
    const previous: Record<string, unknown> = {};
    if (before instanceof FieldSnapshot && before.partial) {
      let changed = false;
      const now = after as Record<string, unknown>;
      for (const key of Object.keys(now)) {
        if (!before.fields.has(key)) continue;
        if (before.fields.get(key) !== JSON.stringify(now[key])) {
          previous[key] = before.value(key) ?? null;
          changed = true;
        }
      }
      if (changed) this.emit(type, after, at, previous);
      return;
    }
    const { keys, texts } = fieldTexts(after);
    let changed = false;
    if (before instanceof FieldSnapshot) {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (before.fields.get(key) !== texts[i]) {
          previous[key] = before.value(key) ?? null;
          changed = true;
        }
      }
    } else {
      const old = before as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (JSON.stringify(old[key]) !== texts[i]) {
          previous[key] = old[key] ?? null;
          changed = true;
        }
      }
    }
    if (changed) this.emit(type, after, at, previous, joinFields(keys, texts));
  }

  deliverySucceeded(eventId: string): boolean | undefined {
    const state = this.deliveryState.get(eventId);
    if (!state) return true;
    if (state.failed) return false;
    return state.pending === 0 ? true : undefined;
  }

  private onDelivery(outcome: DeliveryOutcome): void {
    const state = this.deliveryState.get(outcome.eventId);
    const event = this.db.events.get(outcome.eventId);
    if (!state || !outcome.final) return;
    state.pending = Math.max(0, state.pending - 1);
    if (!outcome.ok) state.failed = true;
    if (event && outcome.ok) event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
  }

  /** Drop the oldest events in batches: deleting a Map's first key one at a time is quadratic in V8. */
  private trimEvents(): void {
    const rows = this.db.events.rows;
    if (rows.size <= this.maxEvents + EVENT_TRIM_BATCH) return;
    let excess = rows.size - this.maxEvents;
    for (const id of rows.keys()) {
      if (excess-- <= 0) break;
      rows.delete(id);
      this.deliveryState.delete(id);
    }
  }

  subscriptionsOnClock(clockId: string | null): Set<string> {
    const key = clockId ?? '';
    let members = this.clockMembers.get(key);
    if (!members) {
      members = new Set();
      this.clockMembers.set(key, members);
    }
    return members;
  }

  /** Rebuild the indexes after state is loaded from a data file. */
  reindex(): void {
    this.clockMembers.clear();
    this.clockCustomers.clear();
    this.pendingItems.clear();
    this.retrying.clear();
    for (const customer of this.db.customers.values()) this.indexCustomer(customer);
    for (const item of this.db.invoiceItems.values()) this.indexPendingItem(item);
    for (const subscription of this.db.subscriptions.values()) {
      if (subscription.ended_at === null)
        this.subscriptionsOnClock(subscription.test_clock as string | null).add(subscription.id);
    }
    for (const invoice of this.db.invoices.values()) {
      if (invoice.next_payment_attempt !== null) this.retrying.add(invoice.id);
    }
  }

  reset(): void {
    this.db.store.clear();
    this.deliveryState.clear();
    this.retrying.clear();
    this.clockMembers.clear();
    this.clockCustomers.clear();
    this.pendingItems.clear();
    this.dispatcher.clear();
    this.chaos.reset();
  }
}
