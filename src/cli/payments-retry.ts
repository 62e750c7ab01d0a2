import { eq } from 'drizzle-orm';
import { writeAudit } from '../admin/audit.ts';
import { currentSubscription } from '../billing/load-billing.ts';
import { retryPayment } from '../billing/retry-payment.ts';
import type { Config } from '../config.ts';
import type { Db } from '../platform/db/database.ts';
import { subscriptions, users, type User } from '../platform/db/schema/index.ts';
import { notFound } from '../platform/errors.ts';
import { findUserByEmail } from './find-user-by-email.ts';
import { cliOperator } from './operator.ts';
import { printResult } from './output.ts';
import { openRuntime } from './runtime.ts';

async function userOf(db: Db, target: string): Promise<User> {
  if (!target.startsWith('sub_')) return findUserByEmail(db, target);
  const [row] = await db
    .select({ user: users })
    .from(subscriptions)
    .innerJoin(users, eq(users.id, subscriptions.userId))
    .where(eq(subscriptions.id, target));
  if (!row) throw notFound(`No subscription ${target}.`);
  return row.user;
}

/** Charges the open invoice of a past-due subscription now, as the customer's "retry payment" does. */
export async function paymentsRetryCommand(
  config: Config,
  target: string,
  options: { json?: boolean },
): Promise<void> {
  const runtime = await openRuntime(config);
  try {
    const deps = runtime.billing;
    const user = await userOf(deps.db, target);
    const before = await currentSubscription(deps.db, user.id);
    let failure: unknown;
    try {
      await retryPayment(deps, user);
    } catch (error) {
      failure = error;
    }
    const after = await currentSubscription(deps.db, user.id);
    // A declined charge is an attempt too: record it, then report the failure.
    if (!(failure && (failure as { code?: string }).code === 'NO_OPEN_INVOICE')) {
      await writeAudit(
        deps.db,
        cliOperator(),
        {
          action: 'payment.retry',
          targetType: 'user',
          targetId: user.id,
          before: { subscriptionId: before?.id, status: before?.status },
          after: { subscriptionId: after?.id, status: after?.status, paid: !failure },
        },
        deps.clock.now(),
      );
    }
    if (failure) throw failure;
    printResult(options.json, { email: user.email, subscriptionId: after?.id, status: after?.status }, [
      `${user.email}: invoice paid; subscription ${after?.id} is ${after?.status}.`,
    ]);
  } finally {
    await runtime.close();
  }
}
