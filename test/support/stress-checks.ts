import { inArray, sql } from 'drizzle-orm';
import type Stripe from 'stripe';
import type { EmulatorHandle } from 'stripe-emulator';
import type { Catalog } from '../../src/catalog/catalog.ts';
import { subscriptionAccess } from '../../src/billing/domain/subscription-access.ts';
import { catalogPriceFor } from '../../src/billing/sync/stripe-ids.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { emailOutbox, stripeEvents, subscriptions } from '../../src/platform/db/schema/index.ts';
import type { SmtpCatcher } from './smtp-catcher.ts';
import { sleep } from './stress-processes.ts';
import { inParallel, type StoryCustomer } from './stress-story.ts';

/** Waits until the emulator has nothing left to deliver, every stored event is done and all mail is out. */
export async function waitForQuiet(
  deps: { emulator: EmulatorHandle; db: Db; smtp?: SmtpCatcher },
  timeoutMs = 600_000,
): Promise<{ ms: number }> {
  const started = Date.now();
  let reported = started;
  for (;;) {
    await deps.emulator.webhooksIdle();
    const [open] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(stripeEvents)
      .where(inArray(stripeEvents.status, ['pending', 'failed']));
    const [unsent] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .where(inArray(emailOutbox.status, ['pending']));
    if (open!.n === 0 && unsent!.n === 0) {
      // Nothing open in the database; make sure no retried delivery arrived meanwhile.
      await deps.emulator.webhooksIdle();
      const [again] = await deps.db
        .select({ n: sql<number>`count(*)::int` })
        .from(stripeEvents)
        .where(inArray(stripeEvents.status, ['pending', 'failed']));
      if (again!.n === 0) return { ms: Date.now() - started };
    }
    if (Date.now() - reported > 15_000) {
      reported = Date.now();
      console.log(`waiting: ${open!.n} events open, ${unsent!.n} mails unsent`);
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`not quiet after ${timeoutMs} ms: ${open!.n} events open, ${unsent!.n} mails unsent`);
    }
    await sleep(500);
  }
}

async function allSubscriptions(stripe: Stripe) {
  const all: Stripe.Subscription[] = [];
  for await (const sub of stripe.subscriptions.list({ status: 'all', limit: 100 })) all.push(sub);
  return all;
}

const iso = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000).toISOString() : null);
const isoOf = (date: Date | null) => (date ? date.toISOString() : null);

/** The mirror row of every Stripe subscription equals Stripe's state; returns the differences. */
export async function mirrorDifferences(stripe: Stripe, db: Db): Promise<string[]> {
  const truth = await allSubscriptions(stripe);
  const rows = new Map((await db.select().from(subscriptions)).map((r) => [r.id, r]));
  const differences: string[] = [];
  for (const sub of truth) {
    const row = rows.get(sub.id);
    if (!row) {
      differences.push(`${sub.id}: missing from the mirror (${sub.status})`);
      continue;
    }
    const item = sub.items.data[0]!;
    const expected = {
      status: sub.status,
      stripePriceId: item.price.id,
      currentPeriodStart: iso(item.current_period_start),
      currentPeriodEnd: iso(item.current_period_end),
      cancelAtPeriodEnd: sub.cancel_at_period_end,
      cancelAt: iso(sub.cancel_at),
      canceledAt: iso(sub.canceled_at),
      endedAt: iso(sub.ended_at),
      trialEnd: iso(sub.trial_end),
    };
    const actual = {
      status: row.status,
      stripePriceId: row.stripePriceId,
      currentPeriodStart: isoOf(row.currentPeriodStart),
      currentPeriodEnd: isoOf(row.currentPeriodEnd),
      cancelAtPeriodEnd: row.cancelAtPeriodEnd,
      cancelAt: isoOf(row.cancelAt),
      canceledAt: isoOf(row.canceledAt),
      endedAt: isoOf(row.endedAt),
      trialEnd: isoOf(row.trialEnd),
    };
    for (const key of Object.keys(expected) as (keyof typeof expected)[]) {
      if (expected[key] !== actual[key]) {
        differences.push(`${sub.id} ${key}: Stripe ${expected[key]}, mirror ${actual[key]}`);
      }
    }
  }
  if (rows.size !== truth.length) differences.push(`mirror has ${rows.size} rows, Stripe ${truth.length}`);
  return differences;
}

/**
 * The access rule applied to Stripe's state (the plan of a subscription whose access window covers
 * now) against what the app answers each signed-in user (`GET /api/billing/status`).
 */
export async function accessDifferences(
  stripe: Stripe,
  catalog: Catalog,
  customers: StoryCustomer[],
): Promise<{ differences: string[]; tiers: Record<string, number> }> {
  const byCustomer = new Map<string, Stripe.Subscription[]>();
  for (const sub of await allSubscriptions(stripe)) {
    const id = typeof sub.customer === 'string' ? sub.customer : sub.customer.id;
    byCustomer.set(id, [...(byCustomer.get(id) ?? []), sub]);
  }
  const differences: string[] = [];
  const tiers: Record<string, number> = {};
  await inParallel(customers, 8, async (c) => {
    const now = new Date();
    const planIds = (byCustomer.get(c.customerId) ?? [])
      .filter((sub) => {
        const item = sub.items.data[0]!;
        const window = subscriptionAccess(
          {
            status: sub.status,
            currentPeriodStart: new Date(item.current_period_start * 1000),
            currentPeriodEnd: new Date(item.current_period_end * 1000),
            cancelAtPeriodEnd: sub.cancel_at_period_end,
            paused: sub.pause_collection !== null || sub.status === 'paused',
          },
          { pastDueGraceDays: null },
        );
        return window !== null && (window.endsAt === null || window.endsAt > now);
      })
      .map((sub) => catalogPriceFor(sub.items.data[0]!.price, catalog).planId!)
      .sort((a, b) => catalog.rank(b) - catalog.rank(a));
    const expected = planIds[0] ?? 'free';
    const answer = await c.client.get('/api/billing/status');
    const actual = answer.data?.tier;
    tiers[`${expected}`] = (tiers[`${expected}`] ?? 0) + 1;
    if (actual !== expected)
      differences.push(`${c.email}: Stripe says ${expected}, the app ${actual} (${answer.status})`);
  });
  return { differences, tiers };
}

/**
 * Every outbox mail was sent, and the SMTP server received each exactly once (by its Message-ID).
 * One exception is told apart, not hidden: a worker SIGKILLed after the mail server accepted a mail but
 * before the row was marked sent leaves it claimed; when the claim runs out another sender sends it
 * again, with the same Message-ID. No sender can avoid that window (SMTP has no idempotency), so such a
 * mail — received exactly twice, claimed more than once — is listed in `resent`, and the caller bounds
 * it by the number of kills (one mail in flight per killed sender). Without kills it must stay empty.
 */
export async function mailDifferences(db: Db, smtp: SmtpCatcher) {
  const mails = await db.select().from(emailOutbox);
  const received = smtp.counts();
  const differences: string[] = [];
  const resent: string[] = [];
  const keys = new Map<string, number>();
  for (const mail of mails) {
    keys.set(mail.dedupeKey, (keys.get(mail.dedupeKey) ?? 0) + 1);
    if (mail.status !== 'sent') differences.push(`${mail.dedupeKey}: ${mail.status} (${mail.lastError})`);
    const times = received.get(mail.id) ?? 0;
    if (times === 2 && mail.attempts >= 2)
      resent.push(`${mail.dedupeKey}: received twice, ${mail.attempts} claims`);
    else if (times !== 1) differences.push(`${mail.dedupeKey}: received ${times} times`);
    received.delete(mail.id);
  }
  for (const [key, n] of keys) if (n !== 1) differences.push(`${key}: ${n} outbox rows`);
  for (const [id, n] of received) differences.push(`unknown Message-ID ${id} received ${n} times`);
  const kinds: Record<string, number> = {};
  for (const mail of mails) kinds[mail.kind] = (kinds[mail.kind] ?? 0) + 1;
  return { differences, resent, total: mails.length, kinds };
}
