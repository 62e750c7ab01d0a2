import Stripe from 'stripe';

export type { Stripe };

/** How the app reaches Stripe: the real API (live or test key) or the emulator. */
export interface StripeAccess {
  client: Stripe;
  mode: 'emulator' | 'test' | 'live';
  /** Base URL of the API, e.g. https://api.stripe.com or http://127.0.0.1:12111. */
  apiBase: string;
  /** Read at every webhook: tests and `webhooks register` may set it after the app is built. */
  webhookSecret: string | undefined;
}

export function createStripeAccess(options: {
  secretKey: string;
  apiBase?: string | undefined;
  webhookSecret?: string | undefined;
  emulator?: boolean;
}): StripeAccess {
  const base = new URL(options.apiBase ?? 'https://api.stripe.com');
  const client = new Stripe(options.secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
    protocol: base.protocol === 'https:' ? 'https' : 'http',
    // The SDK retries network errors, 409s and 5xx with the same idempotency key: safe for creates.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Tollgate' },
  });
  return {
    client,
    mode: options.emulator ? 'emulator' : options.secretKey.startsWith('sk_live_') ? 'live' : 'test',
    apiBase: base.origin,
    webhookSecret: options.webhookSecret,
  };
}
