import { writeAudit } from '../admin/audit.ts';
import { changePlan } from '../billing/change-plan.ts';
import { currentSubscription } from '../billing/load-billing.ts';
import type { Config } from '../config.ts';
import { findUserByEmail } from './find-user-by-email.ts';
import { cliOperator } from './operator.ts';
import { printResult } from './output.ts';
import { resolvePriceId } from './resolve-price.ts';
import { openRuntime } from './runtime.ts';

/** Moves the user's live subscription to another price, prorated as in the app's own plan change. */
export async function subscriptionsChangePlanCommand(
  config: Config,
  email: string,
  options: { plan: string; json?: boolean },
): Promise<void> {
  const runtime = await openRuntime(config);
  try {
    const deps = runtime.billing;
    const user = await findUserByEmail(deps.db, email);
    const priceId = await resolvePriceId(deps.db, deps.catalog, options.plan);
    const before = await currentSubscription(deps.db, user.id);
    await changePlan(deps, user, priceId);
    const after = await currentSubscription(deps.db, user.id);
    await writeAudit(
      deps.db,
      cliOperator(),
      {
        action: 'subscription.change_plan',
        targetType: 'user',
        targetId: user.id,
        before: { subscriptionId: before?.id, priceId: before?.priceId },
        after: { subscriptionId: after?.id, priceId: after?.priceId, status: after?.status },
      },
      deps.clock.now(),
    );
    printResult(
      options.json,
      {
        email: user.email,
        subscriptionId: after?.id,
        from: before?.priceId,
        to: after?.priceId,
        status: after?.status,
      },
      [`${user.email}: ${before?.priceId} → ${after?.priceId} (${after?.status}).`],
    );
  } finally {
    await runtime.close();
  }
}
