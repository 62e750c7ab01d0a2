import { and, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Catalog } from '../catalog/catalog.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/database.ts';
import { checkoutSessions, paymentLog, subscriptions } from '../platform/db/schema/index.ts';
import { mrrMovements } from './movements.ts';
import { loadTimelines, rowMrrAt, usersAt, type Timeline } from './mrr-timeline.ts';

const DAY_MS = 86_400_000;
const MAX_POINTS = 400;

/** A fraction 0..1 rounded to 4 places; 0 when there is nothing to divide by. */
export const rate = (part: number, whole: number) =>
  whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : 0;

/**
 * The admin dashboard's numbers. Headline figures (mrr, arr, activeSubscribers, trialing, pastDue)
 * are the mirror now; the rest cover [from, to]. See the definitions on each part below.
 */
export async function computeMetrics(
  deps: { db: Db; catalog: Catalog; clock: Clock },
  range: { from: Date; to: Date },
) {
  const { db } = deps;
  const { from, to } = range;
  const [headline, timelines, rates, cancellationReasons] = await Promise.all([
    headlineFigures(db, deps.clock.now()),
    loadTimelines(db, to),
    windowRates(db, from, to),
    reasons(db, from, to),
  ]);
  return {
    ...headline,
    arr: headline.mrr * 12,
    currency: deps.catalog.currency,
    churnRate30d: churnRate(timelines, to),
    ...rates,
    cancellationReasons,
    movements: mrrMovements(timelines, from, to),
    series: series(timelines, from, to),
    from: from.toISOString(),
    to: to.toISOString(),
  };
}

/**
 * MRR: active and past-due subscriptions, not paused (trials have none), after discounts (one that
 * ended since its row was synced no longer counts). Subscribers are users.
 */
async function headlineFigures(db: Db, now: Date) {
  const paying = sql`${subscriptions.status} in ('active', 'past_due') and not ${subscriptions.paused}`;
  const [[row], discounted] = await Promise.all([
    db
      .select({
        mrr: sql<string>`coalesce(sum(${subscriptions.mrr}) filter (where ${paying}), 0)`,
        active: sql<string>`count(distinct ${subscriptions.userId}) filter (where ${subscriptions.status} = 'active' and not ${subscriptions.paused})`,
        trialing: sql<string>`count(distinct ${subscriptions.userId}) filter (where ${subscriptions.status} = 'trialing')`,
        pastDue: sql<string>`count(distinct ${subscriptions.userId}) filter (where ${subscriptions.status} = 'past_due')`,
      })
      .from(subscriptions),
    db
      .select()
      .from(subscriptions)
      .where(sql`${paying} and ${subscriptions.discounts} @> '[{"current": true, "duration": "repeating"}]'`),
  ]);
  const endedDiscounts = discounted.reduce((sum, r) => sum + rowMrrAt(r, now.getTime()) - r.mrr, 0);
  return {
    mrr: Number(row?.mrr ?? 0) + endedDiscounts,
    activeSubscribers: Number(row?.active ?? 0),
    trialing: Number(row?.trialing ?? 0),
    pastDue: Number(row?.pastDue ?? 0),
  };
}

/** Of the users paying 30 days before `to`, the share paying nothing at `to`. */
export function churnRate(timelines: Timeline[], to: Date): number {
  const start = usersAt(timelines, to.getTime() - 30 * DAY_MS);
  const end = usersAt(timelines, to.getTime());
  const payers = [...start].filter(([, u]) => u.mrr > 0).map(([id]) => id);
  const churned = payers.filter((id) => (end.get(id)?.mrr ?? 0) === 0);
  return rate(churned.length, payers.length);
}

async function windowRates(db: Db, from: Date, to: Date) {
  const [trials, checkouts, payments, recovered] = await Promise.all([
    // Trials that ended in the window; converted = the subscription has a paid charge.
    db
      .select({
        ended: count(),
        converted: sql<string>`count(*) filter (where exists (select 1 from ${paymentLog} p where p.subscription_id = subscriptions.id and p.kind = 'charge' and p.amount > 0))`,
      })
      .from(subscriptions)
      .where(
        and(
          sql`${subscriptions.trialStart} is not null`,
          gte(subscriptions.trialEnd, from),
          lte(subscriptions.trialEnd, to),
        ),
      ),
    // Checkout sessions opened in the window; converted = completed.
    db
      .select({
        all: count(),
        complete: sql<string>`count(*) filter (where ${checkoutSessions.status} = 'complete')`,
      })
      .from(checkoutSessions)
      .where(and(gte(checkoutSessions.createdAt, from), lte(checkoutSessions.createdAt, to))),
    // Payment attempts in the window: failures / (charges + failures).
    db
      .select({
        charges: sql<string>`count(*) filter (where ${paymentLog.kind} = 'charge')`,
        failures: sql<string>`count(*) filter (where ${paymentLog.kind} = 'failure')`,
      })
      .from(paymentLog)
      .where(
        and(
          inArray(paymentLog.kind, ['charge', 'failure']),
          gte(paymentLog.occurredAt, from),
          lte(paymentLog.occurredAt, to),
        ),
      ),
    // Charges in the window for invoices that had failed before: revenue dunning won back.
    db
      .select({ amount: sql<string>`coalesce(sum(${paymentLog.amount}), 0)` })
      .from(paymentLog)
      .where(
        and(
          eq(paymentLog.kind, 'charge'),
          gte(paymentLog.occurredAt, from),
          lte(paymentLog.occurredAt, to),
          sql`exists (select 1 from ${paymentLog} f where f.kind = 'failure' and f.invoice_id = payment_log.invoice_id and f.occurred_at <= payment_log.occurred_at)`,
        ),
      ),
  ]);
  const charges = Number(payments[0]?.charges ?? 0);
  const failures = Number(payments[0]?.failures ?? 0);
  return {
    trialConversionRate: rate(Number(trials[0]?.converted ?? 0), trials[0]?.ended ?? 0),
    checkoutConversionRate: rate(Number(checkouts[0]?.complete ?? 0), checkouts[0]?.all ?? 0),
    failedPaymentRate: rate(failures, charges + failures),
    recoveredRevenue: Number(recovered[0]?.amount ?? 0),
  };
}

/** Subscriptions canceled in the window by the reason the user gave (else Stripe's, else `unspecified`). */
async function reasons(db: Db, from: Date, to: Date) {
  const reason = sql<string>`coalesce(${subscriptions.cancellationReason}, ${subscriptions.endReason}, 'unspecified')`;
  const rows = await db
    .select({ reason, count: count() })
    .from(subscriptions)
    .where(and(gte(subscriptions.canceledAt, from), lte(subscriptions.canceledAt, to)))
    .groupBy(reason);
  return rows
    .map((r) => ({ reason: r.reason, count: Number(r.count) }))
    .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** One point per UTC day of [from, to] (every few days for long ranges), taken at the day's end or `to`. */
export function series(timelines: Timeline[], from: Date, to: Date) {
  const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  const days = Math.floor((to.getTime() - first) / DAY_MS) + 1;
  const step = Math.max(1, Math.ceil(days / MAX_POINTS));
  const points: { date: string; mrr: number; activeSubscribers: number }[] = [];
  for (let day = first; day <= to.getTime(); day += step * DAY_MS) {
    const at = Math.min(day + DAY_MS - 1, to.getTime());
    const users = [...usersAt(timelines, at).values()];
    points.push({
      date: new Date(day).toISOString().slice(0, 10),
      mrr: users.reduce((sum, u) => sum + u.mrr, 0),
      activeSubscribers: users.filter((u) => u.active).length,
    });
  }
  return points;
}
