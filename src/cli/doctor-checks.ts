import nodemailer from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../platform/db/database.ts';
import { loadWebhookEndpoint } from '../settings/stripe-webhook-endpoint.ts';
import type { StripeAccess } from '../stripe/client.ts';
import { findWebhookEndpoint, missingEventTypes } from '../stripe/webhook-endpoints.ts';
import { pendingMigrations } from './pending-migrations.ts';

export interface Check {
  name: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** What to do about a failure or a warning. */
  fix?: string;
}

const REGISTER = 'run `tollgate webhooks register`';
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function checkDatabase(config: Config, database: Database): Promise<Check[]> {
  const where = config.embedded ? `embedded PGlite in ${config.dataDir}` : 'DATABASE_URL';
  try {
    await database.ping();
  } catch (error) {
    return [
      {
        name: 'database',
        status: 'fail',
        detail: `cannot reach the ${where}: ${messageOf(error)}`,
        fix: config.embedded
          ? 'stop other Tollgate processes using DATA_DIR (PGlite is single-process) and check its permissions'
          : 'check DATABASE_URL and that PostgreSQL is running and accepts the connection',
      },
    ];
  }
  const { pending, total } = await pendingMigrations(database.db);
  return [
    { name: 'database', status: 'ok', detail: `connected (${where})` },
    pending === 0
      ? { name: 'migrations', status: 'ok', detail: `all ${total} applied` }
      : config.embedded
        ? { name: 'migrations', status: 'ok', detail: `${pending} pending; applied when the app starts` }
        : {
            name: 'migrations',
            status: 'fail',
            detail: `${pending} of ${total} pending`,
            fix: 'run `tollgate migrate`',
          },
  ];
}

export async function checkStripe(
  config: Config,
  stripe: StripeAccess,
  database: Database,
): Promise<Check[]> {
  const emulated = stripe.mode === 'emulator' || stripe.apiBase !== 'https://api.stripe.com';
  const mode = emulated ? `emulator at ${stripe.apiBase}` : stripe.mode;
  const url = `${config.appUrl}/api/stripe/webhook`;
  let endpoint;
  try {
    endpoint = await findWebhookEndpoint(stripe.client, url);
  } catch (error) {
    return [
      {
        name: 'stripe',
        status: 'fail',
        detail: `${mode}: ${messageOf(error)}`,
        fix: emulated
          ? 'start the emulator (`tollgate emulator`) or fix STRIPE_API_BASE'
          : 'check STRIPE_SECRET_KEY (Dashboard → Developers → API keys) and the network',
      },
    ];
  }
  const key: Check =
    config.isProduction && stripe.mode !== 'live'
      ? {
          name: 'stripe',
          status: 'warn',
          detail: `${mode} in production: no real money moves`,
          fix: 'use an sk_live_ key when this is meant to take payments',
        }
      : { name: 'stripe', status: 'ok', detail: `key accepted (${mode})` };
  if (config.useEmbeddedEmulator && !config.stripeApiBase)
    return [
      key,
      {
        name: 'webhook endpoint',
        status: 'ok',
        detail: 'embedded emulator: the app registers its endpoint itself at every start',
      },
    ];
  return [key, endpointCheck(url, endpoint), await secretCheck(config, database, endpoint?.id)];
}

function endpointCheck(url: string, endpoint: Awaited<ReturnType<typeof findWebhookEndpoint>>): Check {
  const name = 'webhook endpoint';
  if (!endpoint) return { name, status: 'fail', detail: `none for ${url}`, fix: REGISTER };
  if (endpoint.status !== 'enabled')
    return { name, status: 'fail', detail: `${endpoint.id} for ${url} is ${endpoint.status}`, fix: REGISTER };
  const missing = missingEventTypes(endpoint);
  if (missing.length > 0)
    return {
      name,
      status: 'fail',
      detail: `${endpoint.id} does not send ${missing.join(', ')}`,
      fix: REGISTER,
    };
  return { name, status: 'ok', detail: `${endpoint.id} → ${url}, all handled events enabled` };
}

async function secretCheck(
  config: Config,
  database: Database,
  endpointId: string | undefined,
): Promise<Check> {
  const name = 'webhook secret';
  if (config.stripeWebhookSecret)
    return { name, status: 'ok', detail: 'from STRIPE_WEBHOOK_SECRET (Stripe cannot confirm it matches)' };
  const stored = await loadWebhookEndpoint(database.db).catch(() => undefined);
  if (!stored) return { name, status: 'fail', detail: 'none set or stored', fix: REGISTER };
  if (endpointId && stored.id !== endpointId)
    return {
      name,
      status: 'fail',
      detail: `the stored secret belongs to ${stored.id}, not ${endpointId}`,
      fix: 'run `tollgate webhooks register --rotate`',
    };
  return { name, status: 'ok', detail: `stored for ${stored.id} (app_settings)` };
}

export async function checkMail(config: Config): Promise<Check> {
  if (!config.smtpUrl)
    return {
      name: 'mail',
      status: config.isProduction ? 'fail' : 'ok',
      detail: 'no SMTP_URL: mail stays in the dev mailbox (/dev/mail)',
      ...(config.isProduction ? { fix: 'set SMTP_URL to your mail server' } : {}),
    };
  const transport = nodemailer.createTransport(config.smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
  } as object);
  const host = new URL(config.smtpUrl).host;
  try {
    await transport.verify();
    return { name: 'mail', status: 'ok', detail: `SMTP server ${host} accepts us` };
  } catch (error) {
    return {
      name: 'mail',
      status: 'fail',
      detail: `SMTP server ${host}: ${messageOf(error)}`,
      fix: 'check SMTP_URL (host, port, user, password, smtps:// for TLS) and that the server is up',
    };
  } finally {
    transport.close();
  }
}
