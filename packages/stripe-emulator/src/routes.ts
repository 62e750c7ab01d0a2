import type { Emulator } from './emulator.ts';
import { Router } from './server/router.ts';
import { chargeRoutes } from './resources/charges.ts';
import { checkoutRoutes } from './resources/checkout-sessions.ts';
import { couponRoutes } from './resources/coupons.ts';
import { customerRoutes } from './resources/customers.ts';
import { eventRoutes, webhookEndpointRoutes } from './resources/events.ts';
import { invoiceRoutes } from './resources/invoices.ts';
import { paymentIntentRoutes } from './resources/payment-intents.ts';
import { paymentMethodRoutes } from './resources/payment-methods.ts';
import { portalRoutes } from './resources/portal-sessions.ts';
import { priceRoutes } from './resources/prices.ts';
import { productRoutes } from './resources/products.ts';
import { setupIntentRoutes } from './resources/setup-intents.ts';
import { subscriptionItemRoutes } from './resources/subscription-items.ts';
import { subscriptionRoutes } from './resources/subscriptions.ts';
import { testClockRoutes } from './resources/test-clocks.ts';

export function buildRouter(emulator: Emulator): Router {
  const router = new Router();
  const all = [
    customerRoutes,
    productRoutes,
    priceRoutes,
    paymentMethodRoutes,
    couponRoutes,
    checkoutRoutes,
    setupIntentRoutes,
    paymentIntentRoutes,
    chargeRoutes,
    subscriptionRoutes,
    subscriptionItemRoutes,
    invoiceRoutes,
    portalRoutes,
    eventRoutes,
    webhookEndpointRoutes,
    testClockRoutes,
  ];
  for (const register of all) register(router, emulator);
  return router;
}
