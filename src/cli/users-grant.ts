import { setUserSubscription } from '../admin/set-user-subscription.ts';
import type { Config } from '../config.ts';
import { findUserByEmail } from './find-user-by-email.ts';
import { cliOperator } from './operator.ts';
import { printResult } from './output.ts';
import { openRuntime } from './runtime.ts';

const wholeNumber = (text: string, option: string, max: number) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${option} must be a whole number from 1 to ${max}`);
  return n;
};

/** Free access to a paid plan for a while (an admin grant), without Stripe. */
export async function usersGrantCommand(
  config: Config,
  email: string,
  options: { plan: string; days?: string; months?: string; comment?: string; json?: boolean },
): Promise<void> {
  if (options.days && options.months) throw new Error('give --days or --months, not both');
  const months = options.months ? wholeNumber(options.months, '--months', 36) : 0;
  const days = months ? undefined : wholeNumber(options.days ?? '30', '--days', 1095);
  const runtime = await openRuntime(config);
  try {
    const user = await findUserByEmail(runtime.billing.db, email);
    const result = await setUserSubscription(runtime.billing, cliOperator(), user.id, {
      tier: options.plan,
      durationMonths: months,
      durationDays: days,
      isPaid: false,
      comment: options.comment ?? 'granted from the command line',
    });
    printResult(
      options.json,
      {
        email: user.email,
        plan: options.plan,
        grantId: result.subscriptionId,
        days,
        months: months || undefined,
      },
      [`${user.email}: ${result.message} (grant ${result.subscriptionId})`],
    );
  } finally {
    await runtime.close();
  }
}
