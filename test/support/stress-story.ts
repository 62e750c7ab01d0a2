import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { ensureCustomer } from '../../src/billing/ensure-customer.ts';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { syncPlans } from '../../src/catalog/sync-plans.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { users } from '../../src/platform/db/schema/index.ts';
import type { StripeAccess } from '../../src/stripe/client.ts';
import { HttpClient } from './http-client.ts';

const DAY = 24 * 3600 * 1000;
/** The story ends this many days after T0, an hour before the wall time it began at. */
const STORY_DAYS = 70;

export interface StoryCustomer {
  index: number;
  email: string;
  userId: string;
  customerId: string;
  testClockId: string;
  subscriptionId: string;
  /** Signed in on one of the API servers: the app's entitlement answer is read through it. */
  client: HttpClient;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function inParallel<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

/**
 * A billing story told through Stripe (the emulator) with test clocks, so every webhook is a real event:
 * customers subscribe at T0 (some with a trial, monthly and yearly, Pro and Premium), ten days later some
 * change plan, some cancel at the period end, some cancel at once and some get a card that fails; the
 * month's renewals then run, failed renewals go through dunning (a few customers fix their card
 * meanwhile); on day 45 more change plan or cancel, the second month renews, and the story ends 70 days
 * after T0, an hour before the wall time it started at: the app (on wall time) and Stripe then agree on
 * what is current, and no period ends or dunning retry falls near the checks.
 */
export class BillingStory {
  readonly stripe: Stripe;
  readonly db: Db;
  readonly catalog: Catalog;
  readonly t0: Date;
  readonly customers: StoryCustomer[] = [];
  prices = new Map<string, string>();

  constructor(deps: { stripe: StripeAccess; db: Db; catalog: Catalog }) {
    this.stripe = deps.stripe.client;
    this.access = deps.stripe;
    this.db = deps.db;
    this.catalog = deps.catalog;
    this.t0 = new Date(Math.floor((Date.now() - STORY_DAYS * DAY - 3600_000) / 1000) * 1000);
  }
  readonly access: StripeAccess;

  async syncCatalog() {
    const synced = await syncPlans({ db: this.db, stripe: this.stripe, now: () => new Date() }, this.catalog);
    this.prices = new Map(synced.map((p) => [p.priceId, p.stripePriceId]));
  }

  /** Registers `count` users over HTTP (round robin over `servers`) and subscribes each at T0. */
  async subscribeCustomers(count: number, servers: string[], firstIndex = 0) {
    const created = await inParallel(
      Array.from({ length: count }, (_, k) => firstIndex + k),
      6,
      async (index) => {
        const email = `stress-${index}@example.com`;
        const client = new HttpClient(servers[index % servers.length]!);
        const userId = await client.register(email);
        const [user] = await this.db.select().from(users).where(eq(users.id, userId));
        // The app's own code makes the customer, on a test clock of its own frozen at T0.
        const customerId = await ensureCustomer(
          { db: this.db, stripe: this.access, testClocks: true },
          user!,
          this.t0,
        );
        const customer = (await this.stripe.customers.retrieve(customerId)) as Stripe.Customer;
        const priceId = ['pro_monthly', 'premium_monthly', 'pro_yearly', 'premium_yearly'][index % 4]!;
        const subscription = await this.stripe.subscriptions.create({
          customer: customerId,
          items: [{ price: this.prices.get(priceId)! }],
          default_payment_method: 'pm_card_visa',
          metadata: { user_id: userId },
          ...(index % 5 === 1 ? { trial_period_days: 14 } : {}),
        });
        return {
          index,
          email,
          userId,
          customerId,
          testClockId:
            typeof customer.test_clock === 'string' ? customer.test_clock : customer.test_clock!.id,
          subscriptionId: subscription.id,
          client,
        };
      },
    );
    this.customers.push(...created);
    return created;
  }

  /** Moves every customer's test clock to `at`; the emulator runs what falls due and emits the events. */
  async advanceTo(at: Date, customers = this.customers) {
    await inParallel(customers, 8, (c) =>
      this.stripe.testHelpers.testClocks.advance(c.testClockId, {
        frozen_time: Math.floor(at.getTime() / 1000),
      }),
    );
  }

  /** Day 10: plan changes, cancellations and failing cards (about 60% of customers do something). */
  async midMonthChanges(customers = this.customers) {
    await inParallel(customers, 8, async (c) => {
      const sub = await this.stripe.subscriptions.retrieve(c.subscriptionId);
      if (sub.status === 'canceled') return;
      const item = sub.items.data[0]!;
      const current = item.price.lookup_key!;
      switch (c.index % 10) {
        case 2: {
          // Pro ↔ Premium, same interval, prorated.
          const next = current.startsWith('pro_')
            ? current.replace('pro_', 'premium_')
            : current.replace('premium_', 'pro_');
          await this.stripe.subscriptions.update(sub.id, {
            items: [{ id: item.id, price: this.prices.get(next)! }],
            proration_behavior: 'create_prorations',
          });
          break;
        }
        case 3:
          await this.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
          break;
        case 4:
          await this.stripe.subscriptions.cancel(sub.id);
          break;
        case 6:
        case 8:
          // Renewals will fail: dunning.
          await this.stripe.subscriptions.update(sub.id, {
            default_payment_method: 'pm_card_chargeCustomerFail',
          });
          break;
        case 7:
          // Monthly → yearly: a new cycle billed now.
          if (current.endsWith('_monthly')) {
            await this.stripe.subscriptions.update(sub.id, {
              items: [{ id: item.id, price: this.prices.get(current.replace('_monthly', '_yearly'))! }],
              proration_behavior: 'create_prorations',
            });
          }
          break;
      }
    });
  }

  /** During dunning, some customers with a failing card put a working one in (the next retry succeeds). */
  async fixSomeCards(customers = this.customers) {
    await inParallel(
      customers.filter((c) => c.index % 10 === 8),
      8,
      (c) => this.stripe.subscriptions.update(c.subscriptionId, { default_payment_method: 'pm_card_visa' }),
    );
  }

  /** Day 45: others change plan (billed at once) or cancel at the period end. */
  async secondMonthChanges(customers = this.customers) {
    await inParallel(
      customers.filter((c) => [0, 1, 5, 9].includes(c.index % 10)),
      8,
      async (c) => {
        const sub = await this.stripe.subscriptions.retrieve(c.subscriptionId);
        if (sub.status === 'canceled') return;
        const item = sub.items.data[0]!;
        const current = item.price.lookup_key!;
        if (c.index % 10 === 9) {
          await this.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
        } else {
          const next = current.startsWith('pro_')
            ? current.replace('pro_', 'premium_')
            : current.replace('premium_', 'pro_');
          await this.stripe.subscriptions.update(sub.id, {
            items: [{ id: item.id, price: this.prices.get(next)! }],
            proration_behavior: 'always_invoice',
          });
        }
      },
    );
  }

  /** The whole story: T0 → day 10 changes → renewals and dunning → day 45 changes → renewals → day 70. */
  async tell(count: number, servers: string[], onProgress: (phase: string) => void = () => {}) {
    const day = (n: number) => new Date(this.t0.getTime() + n * DAY);
    await this.subscribeCustomers(count, servers);
    onProgress('subscribed');
    await this.advanceTo(day(10));
    await this.midMonthChanges();
    onProgress('changed');
    await this.advanceTo(day(32));
    onProgress('renewed');
    await this.fixSomeCards();
    await this.advanceTo(day(45));
    await this.secondMonthChanges();
    onProgress('changed again');
    await this.advanceTo(day(STORY_DAYS));
    onProgress('renewed again');
  }
}
