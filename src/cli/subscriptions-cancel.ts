import { cancelUserSubscription } from '../admin/cancel-user-subscription.ts';
import type { Config } from '../config.ts';
import { findUserByEmail } from './find-user-by-email.ts';
import { cliOperator } from './operator.ts';
import { printResult } from './output.ts';
import { openRuntime } from './runtime.ts';

/** The admin's cancel, from the shell: at the period end unless --now; admin grants are revoked too. */
export async function subscriptionsCancelCommand(
  config: Config,
  email: string,
  options: { now?: boolean; json?: boolean },
): Promise<void> {
  const runtime = await openRuntime(config);
  try {
    const user = await findUserByEmail(runtime.billing.db, email);
    const result = await cancelUserSubscription(runtime.billing, cliOperator(), user.id, {
      immediately: Boolean(options.now),
    });
    printResult(options.json, { email: user.email, immediately: Boolean(options.now), ...result }, [
      `${user.email}: ${result.message}`,
    ]);
  } finally {
    await runtime.close();
  }
}
