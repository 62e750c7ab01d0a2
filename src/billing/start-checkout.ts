import { and, desc, eq, gt } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type Stripe from 'stripe';
import { checkoutSessions, type User } from '../platform/db/schema/index.ts';
import { AppError, conflict, validationFailed } from '../platform/errors.ts';
import { createCheckoutSession, findPromotionCode } from '../stripe/checkout.ts';
import type { BillingDeps } from './billing-deps.ts';
import { isLive, willRenew } from './domain/subscription-access.ts';
import { ensureCustomer } from './ensure-customer.ts';
import { currentSubscription, hadTrial } from './load-billing.ts';
import { stripePriceIdFor } from './stripe-price.ts';

export interface CheckoutStarted {
  checkoutUrl: string;
  sessionId: string;
  expiresAt: string;
}

/**
 * Opens a Stripe Checkout session for one of our prices: subscription mode for recurring prices
 * (with the plan's trial unless the user had one), payment mode for passes. An open session for the
 * same price is reused, so a double click cannot lead to two payments.
 */
export async function startCheckout(
  deps: BillingDeps,
  user: User,
  input: { priceId: string; promotionCode?: string | undefined },
): Promise<CheckoutStarted> {
  const now = deps.clock.now();
  const price = deps.catalog.price(input.priceId);
  if (!price) throw validationFailed({ priceId: 'is not a price of the catalog' });
  const plan = deps.catalog.plan(price.planId)!;

  const subscription = await currentSubscription(deps.db, user.id);
  if (subscription && (price.type === 'recurring' ? isLive(subscription) : willRenew(subscription))) {
    throw conflict('You already have a subscription; change its plan instead.', 'ALREADY_SUBSCRIBED');
  }
  const [open] = await deps.db
    .select()
    .from(checkoutSessions)
    .where(
      and(
        eq(checkoutSessions.userId, user.id),
        eq(checkoutSessions.priceId, price.id),
        eq(checkoutSessions.status, 'open'),
        gt(checkoutSessions.expiresAt, new Date(now.getTime() + 10 * 60 * 1000)),
      ),
    )
    .orderBy(desc(checkoutSessions.createdAt))
    .limit(1);
  if (open?.url && !input.promotionCode) {
    return { checkoutUrl: open.url, sessionId: open.id, expiresAt: open.expiresAt.toISOString() };
  }

  const stripePriceId = await stripePriceIdFor(deps.db, price);
  const customer = await ensureCustomer(deps, user, now);
  const discounts = await promotionDiscount(deps, input.promotionCode);
  const metadata = { user_id: user.id, price_id: price.id };
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: price.type === 'recurring' ? 'subscription' : 'payment',
    customer,
    client_reference_id: user.id,
    line_items: [{ price: stripePriceId, quantity: 1 }],
    metadata,
    // Redirects are built from APP_URL only, never from anything in the request.
    success_url: `${deps.appUrl}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: `${deps.appUrl}/billing/cancel`,
    ...(discounts ? { discounts } : { allow_promotion_codes: true }),
  };
  if (price.type === 'recurring') {
    const trialDays = plan.trialDays > 0 && !(await hadTrial(deps.db, user.id)) ? plan.trialDays : 0;
    params.subscription_data = { metadata, ...(trialDays ? { trial_period_days: trialDays } : {}) };
  }
  const session = await createCheckoutSession(
    deps.stripe.client,
    params,
    `tollgate-checkout-${randomUUID()}`,
  );
  const expiresAt = new Date(session.expires_at * 1000);
  await deps.db.insert(checkoutSessions).values({
    id: session.id,
    userId: user.id,
    priceId: price.id,
    mode: params.mode as 'subscription' | 'payment',
    status: 'open',
    paymentStatus: session.payment_status,
    url: session.url,
    expiresAt,
    createdAt: now,
  });
  if (!session.url) throw new Error(`checkout session ${session.id} has no url`);
  return { checkoutUrl: session.url, sessionId: session.id, expiresAt: expiresAt.toISOString() };
}

async function promotionDiscount(deps: BillingDeps, code: string | undefined) {
  if (!code) return undefined;
  const promotion = await findPromotionCode(deps.stripe.client, code);
  if (!promotion) {
    throw new AppError(400, 'INVALID_PROMOTION_CODE', 'This promotion code is not valid.', {
      details: { promotionCode: 'is not a valid promotion code' },
    });
  }
  return [{ promotion_code: promotion.id }];
}
