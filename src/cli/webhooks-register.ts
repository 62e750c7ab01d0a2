import type { Config } from '../config.ts';
import { loadWebhookEndpoint, saveWebhookEndpoint } from '../settings/stripe-webhook-endpoint.ts';
import { registerWebhookEndpoint } from '../stripe/register-webhook.ts';
import { findWebhookEndpoint, updateWebhookEndpointEvents } from '../stripe/webhook-endpoints.ts';
import { HANDLED_EVENT_TYPES } from '../webhooks/handlers/index.ts';
import { printResult } from './output.ts';
import { openRuntime } from './runtime.ts';

export const webhookUrlOf = (config: Config) => `${config.appUrl}/api/stripe/webhook`;

/**
 * Makes Stripe send the handled events to APP_URL's webhook route. An endpoint whose secret we hold
 * (stored by an earlier run, or STRIPE_WEBHOOK_SECRET) is updated in place, so running this again
 * changes nothing for the running app. Otherwise, or with --rotate, the endpoint is made anew, since
 * Stripe shows a secret only at creation, and the secret is stored in app_settings for every app
 * process to read at start.
 */
export async function webhooksRegisterCommand(
  config: Config,
  options: { json?: boolean; rotate?: boolean; showSecret?: boolean },
): Promise<void> {
  const runtime = await openRuntime(config);
  try {
    const { db, stripe, clock } = runtime.billing;
    const url = webhookUrlOf(config);
    const existing = await findWebhookEndpoint(stripe.client, url);
    const stored = await loadWebhookEndpoint(db);
    const knownSecret = existing && (stored?.id === existing.id ? stored.secret : config.stripeWebhookSecret);
    let action: 'created' | 'replaced' | 'updated';
    let endpointId: string;
    let secret: string | undefined = existing && stored?.id === existing.id ? stored.secret : undefined;
    if (existing && knownSecret && !options.rotate) {
      endpointId = (await updateWebhookEndpointEvents(stripe.client, existing.id)).id;
      action = 'updated';
    } else {
      const created = await registerWebhookEndpoint(stripe.client, url);
      secret = created.secret!;
      await saveWebhookEndpoint(db, { id: created.id, url, secret }, clock.now());
      endpointId = created.id;
      action = existing ? 'replaced' : 'created';
    }
    const newSecret = action !== 'updated';
    const warnings =
      newSecret && config.stripeWebhookSecret
        ? [
            'STRIPE_WEBHOOK_SECRET is set and wins over the stored secret: unset it (or set it to the new secret, shown by --show-secret) and restart the app.',
          ]
        : [];
    printResult(
      options.json,
      {
        action,
        endpointId,
        url,
        events: HANDLED_EVENT_TYPES.length,
        secretStored: newSecret,
        warnings,
        ...(options.showSecret ? { secret: secret ?? null } : {}),
      },
      [
        `Webhook endpoint ${endpointId} ${action}: ${url} (${HANDLED_EVENT_TYPES.length} event types, ${stripe.mode}).`,
        newSecret
          ? 'Its signing secret is stored in the database (app_settings); restart the app so it reads it.'
          : 'Its signing secret is unchanged.',
        ...warnings.map((w) => `Warning: ${w}`),
        ...(options.showSecret
          ? [
              secret
                ? `Signing secret: ${secret}`
                : 'The signing secret is not stored here (it is the one in STRIPE_WEBHOOK_SECRET).',
            ]
          : []),
      ],
    );
  } finally {
    await runtime.close();
  }
}
