import type { EmulatorHandle } from 'stripe-emulator';
import type { Config } from '../config.ts';
import { createStripeAccess, type StripeAccess } from '../stripe/client.ts';
import { startEmbeddedEmulator } from '../stripe/embedded-emulator.ts';

/**
 * Stripe as the app sees it: the key's API (or STRIPE_API_BASE), or without a key the embedded
 * emulator's saved state under DATA_DIR, opened in this process.
 */
export async function openStripe(
  config: Config,
  webhookSecret = config.stripeWebhookSecret,
): Promise<{ stripe: StripeAccess; close(): Promise<void> }> {
  let emulator: EmulatorHandle | undefined;
  if (config.useEmbeddedEmulator && !config.stripeApiBase) {
    emulator = await startEmbeddedEmulator({ port: 0, dataDir: config.dataDir });
  }
  const stripe = createStripeAccess({
    secretKey: config.stripeSecretKey ?? 'sk_test_tollgate_emulator',
    apiBase: emulator?.url ?? config.stripeApiBase,
    webhookSecret,
    emulator: config.useEmbeddedEmulator,
  });
  return { stripe, close: async () => emulator?.close() };
}
