import { and, desc, eq, gte, isNotNull, or } from 'drizzle-orm';
import type { Config } from '../config.ts';
import { formatMoney } from '../email/templates/format.ts';
import { systemClock } from '../platform/clock.ts';
import { DevClock } from '../platform/dev-clock.ts';
import { openDatabase } from '../platform/db/database.ts';
import { paymentLog, stripeEvents, users } from '../platform/db/schema/index.ts';
import { parseDuration } from './duration.ts';

/** The payment log and the webhook events that failed (or are failing) in the last `--last`. */
export async function logsCommand(config: Config, options: { last: string; json?: boolean }): Promise<void> {
  const windowMs = parseDuration(options.last, '--last');
  const database = await openDatabase(config);
  try {
    if (config.embedded) await database.migrate();
    const db = database.db;
    // In development the app lives at the simulated instant; "the last day" is the last day of it.
    const now = (config.devMode ? await DevClock.load(db) : systemClock).now();
    const since = new Date(now.getTime() - windowMs);
    const payments = await db
      .select({
        occurredAt: paymentLog.occurredAt,
        kind: paymentLog.kind,
        amount: paymentLog.amount,
        currency: paymentLog.currency,
        email: users.email,
        description: paymentLog.description,
        failureMessage: paymentLog.failureMessage,
        invoiceId: paymentLog.invoiceId,
        subscriptionId: paymentLog.subscriptionId,
      })
      .from(paymentLog)
      .leftJoin(users, eq(users.id, paymentLog.userId))
      .where(gte(paymentLog.occurredAt, since))
      .orderBy(desc(paymentLog.occurredAt));
    const webhookFailures = await db
      .select({
        id: stripeEvents.id,
        type: stripeEvents.type,
        status: stripeEvents.status,
        attempts: stripeEvents.attempts,
        lastError: stripeEvents.lastError,
        receivedAt: stripeEvents.receivedAt,
      })
      .from(stripeEvents)
      .where(
        and(
          gte(stripeEvents.receivedAt, since),
          or(eq(stripeEvents.status, 'failed'), isNotNull(stripeEvents.lastError)),
        ),
      )
      .orderBy(desc(stripeEvents.receivedAt));
    if (options.json) {
      console.log(
        JSON.stringify({
          ok: true,
          since: since.toISOString(),
          until: now.toISOString(),
          payments,
          webhookFailures,
        }),
      );
      return;
    }
    console.log(`Payments since ${since.toISOString()} (${payments.length}):`);
    for (const p of payments) {
      const failure = p.failureMessage ? ` — ${p.failureMessage}` : '';
      console.log(
        `  ${p.occurredAt.toISOString()}  ${p.kind.padEnd(7)} ${formatMoney(p.amount, p.currency).padStart(12)}  ${p.email ?? '(deleted user)'}  ${p.description}${failure}`,
      );
    }
    console.log(`Webhook failures since ${since.toISOString()} (${webhookFailures.length}):`);
    for (const e of webhookFailures) {
      console.log(
        `  ${e.receivedAt.toISOString()}  ${e.id}  ${e.type}  ${e.status} after ${e.attempts} attempt(s): ${e.lastError ?? ''}`,
      );
    }
    if (webhookFailures.some((e) => e.status === 'failed'))
      console.log('Replay them with `tollgate webhooks replay --failed` once the cause is fixed.');
  } finally {
    await database.close();
  }
}
