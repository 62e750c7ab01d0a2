import type { User } from '../platform/db/schema/index.ts';
import { AppError } from '../platform/errors.ts';
import { createPortalSession } from '../stripe/checkout.ts';
import type { BillingDeps } from './billing-deps.ts';
import { customerIdOf } from './ensure-customer.ts';

/** A customer portal session; the return URL is APP_URL plus a path we validated. */
export async function openPortal(deps: BillingDeps, user: User, returnPath: string): Promise<string> {
  const customerId = await customerIdOf(deps.db, user.id);
  if (!customerId)
    throw new AppError(409, 'NO_CUSTOMER', 'There is no billing account yet; subscribe or buy a pass first.');
  const session = await createPortalSession(deps.stripe.client, {
    customerId,
    returnUrl: `${deps.appUrl}${returnPath}`,
  });
  return session.url;
}
