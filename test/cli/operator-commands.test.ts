import { spawn } from 'node:child_process';
import path from 'node:path';
import { userInfo } from 'node:os';
import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { SMTPServer } from 'smtp-server';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertUser } from '../../src/accounts/register-user.ts';
import { setUserSubscription } from '../../src/admin/set-user-subscription.ts';
import { billingDepsOf } from '../../src/billing/billing-deps.ts';
import { loadCatalog } from '../../src/catalog/catalog.ts';
import { openPglite, type Db } from '../../src/platform/db/database.ts';
import { DevClock } from '../../src/platform/dev-clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { auditLog, stripeEvents, subscriptions } from '../../src/platform/db/schema/index.ts';
import { loadWebhookEndpoint } from '../../src/settings/stripe-webhook-endpoint.ts';
import { createStripeAccess } from '../../src/stripe/client.ts';
import { cliEnvironment, repoRoot, runCli, type CliEnvironment } from '../support/run-cli.ts';

/**
 * The operator commands as an operator runs them: each a real `tollgate` process, against a
 * standalone Stripe emulator (STRIPE_API_BASE) and the suite's database (PGlite under DATA_DIR, or
 * PostgreSQL). The subscriber is made through the real admin use-case, as the admin UI would.
 */
let cli: CliEnvironment;
let emulator: EmulatorHandle;
let env: Record<string, string>;
let stripe: Stripe;
const APP_URL = 'http://tollgate.invalid';
const operator = `cli:${userInfo().username}`;

/** The database from this process: PGlite is single-process, so it is opened only between commands. */
async function withDb<T>(work: (db: Db) => Promise<T>): Promise<T> {
  if (cli.pgDatabase) return work(cli.pgDatabase.db);
  const database = await openPglite(path.join(cli.dataDir, 'pglite'));
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

const json = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;

beforeAll(async () => {
  cli = await cliEnvironment('cli-operator');
  emulator = await startEmulator({ port: 0, retryDelaysMs: [10] });
  env = { ...cli.env, STRIPE_SECRET_KEY: 'sk_test_operator', STRIPE_API_BASE: emulator.url, APP_URL };
  stripe = createStripeAccess({ secretKey: 'sk_test_operator', apiBase: emulator.url }).client;
  for (const args of [['migrate'], ['plans', 'sync']]) {
    const result = await runCli(args, env, 60_000);
    expect(result.stderr).toBe('');
  }
  // A customer on Pro monthly, paid with a card, through the admin's own use-case.
  await withDb(async (db) => {
    const clock = await DevClock.load(db);
    const user = await insertUser(
      db,
      { email: 'payer@example.com', password: 'payer-password' },
      clock.now(),
    );
    await insertUser(db, { email: 'free@example.com', password: 'free-password' }, clock.now());
    const deps = billingDepsOf({
      db,
      stripe: createStripeAccess({ secretKey: 'sk_test_operator', apiBase: emulator.url }),
      catalog: loadCatalog(),
      clock,
      logger: createLogger('silent'),
      config: { appUrl: APP_URL, pastDueGraceDays: null, devMode: true },
    });
    await setUserSubscription(deps, { id: null, email: 'test-setup' }, user!.id, {
      tier: 'pro',
      durationMonths: 1,
      isPaid: true,
      paymentMethodId: 'pm_card_visa',
    });
  });
}, 180_000);
afterAll(async () => {
  await emulator?.close();
  await cli?.close();
});

describe('operator commands', { timeout: 300_000 }, () => {
  it('--help lists every command, and each has its own help', async () => {
    const help = await runCli(['--help']);
    for (const command of ['doctor', 'webhooks', 'subscriptions', 'payments', 'logs', 'clock', 'emulator'])
      expect(help.stdout).toContain(command);
    const grant = await runCli(['users', 'grant', '--help']);
    expect(grant.code).toBe(0);
    expect(grant.stdout).toMatch(/--days <days>/);
  });

  it('doctor reports the missing webhook endpoint; webhooks register fixes it, and again updates', async () => {
    // No mail server listens on port 1: the mail check fails too.
    const before = await runCli(['doctor', '--json'], { ...env, SMTP_URL: 'smtp://127.0.0.1:1' }, 60_000);
    expect(before.code).toBe(1);
    const checks = json(before.stdout).checks as { name: string; status: string; fix?: string }[];
    expect(checks.find((c) => c.name === 'database')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'migrations')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'stripe')?.status).toBe('ok');
    expect(checks.find((c) => c.name === 'webhook endpoint')).toMatchObject({
      status: 'fail',
      fix: 'run `tollgate webhooks register`',
    });
    expect(checks.find((c) => c.name === 'mail')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('SMTP server 127.0.0.1:1'),
      fix: expect.stringContaining('check SMTP_URL'),
    });
    const human = await runCli(['doctor'], env, 60_000);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain(`✗ webhook endpoint: none for ${APP_URL}/api/stripe/webhook`);

    const first = await runCli(['webhooks', 'register', '--json'], env, 60_000);
    expect(first.code).toBe(0);
    const created = json(first.stdout);
    expect(created).toMatchObject({ ok: true, action: 'created', url: `${APP_URL}/api/stripe/webhook` });
    // Someone narrows the endpoint's events in the dashboard; the next run puts them back in place.
    await stripe.webhookEndpoints.update(created.endpointId as string, { enabled_events: ['invoice.paid'] });
    const narrowed = await runCli(['doctor', '--json'], env, 60_000);
    expect(narrowed.code).toBe(1);
    expect(narrowed.stdout).toContain('does not send checkout.session.completed');
    const second = await runCli(['webhooks', 'register', '--show-secret'], env, 60_000);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`Webhook endpoint ${created.endpointId as string} updated`);
    expect(second.stdout).toContain('Its signing secret is unchanged.');
    const stored = await withDb((db) => loadWebhookEndpoint(db));
    expect(stored).toMatchObject({ id: created.endpointId, url: `${APP_URL}/api/stripe/webhook` });
    expect(second.stdout).toContain(`Signing secret: ${stored!.secret}`);
    const endpoints = (await stripe.webhookEndpoints.list()).data.filter((e) => e.url.startsWith(APP_URL));
    expect(endpoints.map((e) => e.id)).toEqual([created.endpointId]);

    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'] });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
    const after = await runCli(['doctor'], { ...env, SMTP_URL: smtpUrl }, 60_000).finally(
      () => new Promise<void>((resolve) => smtp.close(() => resolve())),
    );
    expect(after.stdout).toContain(`✓ webhook secret: stored for ${created.endpointId as string}`);
    expect(after.stdout).toContain(`✓ mail: SMTP server ${smtpUrl.slice(7)} accepts us`);
    expect(after.stdout).toContain('All checks passed.');
    expect(after.code).toBe(0);
  });

  it('users grant gives a plan for some days, audited as the CLI operator; bad input exits 1', async () => {
    const unknown = await runCli(
      ['users', 'grant', 'nobody@example.com', '--plan', 'pro', '--json'],
      env,
      60_000,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user with the e-mail nobody@example.com.');
    expect(json(unknown.stdout)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No user with the e-mail nobody@example.com.' },
    });
    const badDays = await runCli(['users', 'grant', 'free@example.com', '--plan', 'pro', '--days', '0'], env);
    expect(badDays.code).toBe(1);
    expect(badDays.stderr).toContain('--days must be a whole number from 1 to 1095');
    const badPlan = await runCli(['users', 'grant', 'free@example.com', '--plan', 'free'], env, 60_000);
    expect(badPlan.code).toBe(1);
    expect(badPlan.stderr).toContain('tier: is not a paid plan of the catalog');

    const granted = await runCli(
      ['users', 'grant', 'Free@Example.com', '--plan', 'pro', '--days', '10', '--json'],
      env,
      60_000,
    );
    expect(granted.code).toBe(0);
    expect(json(granted.stdout)).toMatchObject({
      ok: true,
      email: 'free@example.com',
      plan: 'pro',
      days: 10,
    });
    const entry = await withDb(
      async (db) => (await db.select().from(auditLog).where(eq(auditLog.action, 'grant.create')))[0],
    );
    expect(entry).toMatchObject({
      actorId: null,
      actorEmail: operator,
      comment: 'granted from the command line',
    });
    const after = entry!.after as { startsAt: string; endsAt: string };
    expect(Date.parse(after.endsAt) - Date.parse(after.startsAt)).toBe(10 * 86_400_000);

    // subscriptions cancel revokes an admin grant as well.
    const revoked = await runCli(['subscriptions', 'cancel', 'free@example.com'], env, 60_000);
    expect(revoked.stdout).toContain('free@example.com: 1 grant(s) revoked.');
    expect(revoked.code).toBe(0);
  });

  it('subscriptions change-plan moves the subscription to another price; a wrong price exits 1', async () => {
    const wrong = await runCli(
      ['subscriptions', 'change-plan', 'payer@example.com', '--plan', 'gold'],
      env,
      60_000,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--plan gold is neither a catalog price');
    const none = await runCli(
      ['subscriptions', 'change-plan', 'free@example.com', '--plan', 'pro_yearly'],
      env,
      60_000,
    );
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('You have no subscription to change.');

    const changed = await runCli(
      ['subscriptions', 'change-plan', 'payer@example.com', '--plan', 'premium_monthly', '--json'],
      env,
      60_000,
    );
    expect(changed.stderr).toBe('');
    expect(changed.code).toBe(0);
    expect(json(changed.stdout)).toMatchObject({
      ok: true,
      from: 'pro_monthly',
      to: 'premium_monthly',
      status: 'active',
    });
    const [row] = await withDb((db) => db.select().from(subscriptions));
    expect((await stripe.subscriptions.retrieve(row!.id)).items.data[0]!.price.lookup_key).toBe(
      'premium_monthly',
    );
  });

  it('payments retry says when there is nothing to pay', async () => {
    const result = await runCli(['payments', 'retry', 'payer@example.com'], env, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('There is no unpaid invoice to pay.');
    const missing = await runCli(['payments', 'retry', 'sub_nope'], env, 60_000);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No subscription sub_nope.');
  });

  it('logs shows failed webhook events; webhooks replay queues them again', async () => {
    // A real event from Stripe whose processing failed (as a handler throwing would leave it).
    const eventId = await withDb(async (db) => {
      const [event] = (await stripe.events.list({ type: 'customer.subscription.updated', limit: 1 })).data;
      const now = (await DevClock.load(db)).now();
      await db.insert(stripeEvents).values({
        id: event!.id,
        type: event!.type,
        objectId: (event!.data.object as { id: string }).id,
        stripeCreatedAt: new Date(event!.created * 1000),
        payload: event,
        status: 'failed',
        attempts: 5,
        lastError: 'database was down',
        receivedAt: now,
      });
      return event!.id;
    });
    const logs = await runCli(['logs', '--last', '30m', '--json'], env, 60_000);
    expect(logs.code).toBe(0);
    expect(json(logs.stdout).webhookFailures).toEqual([
      expect.objectContaining({ id: eventId, status: 'failed', lastError: 'database was down' }),
    ]);
    const human = await runCli(['logs', '--last', '2h'], env, 60_000);
    expect(human.stdout).toContain(
      `${eventId}  customer.subscription.updated  failed after 5 attempt(s): database was down`,
    );
    const bad = await runCli(['logs', '--last', 'yesterday'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--last must be a duration like 30m, 24h, 7d or 2w (got "yesterday")');

    const unknown = await runCli(['webhooks', 'replay', 'evt_missing', '--json'], env, 60_000);
    expect(unknown.code).toBe(1);
    expect(json(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const replayed = await runCli(['webhooks', 'replay', '--failed', '--json'], env, 60_000);
    expect(replayed.code).toBe(0);
    expect(json(replayed.stdout)).toEqual({ ok: true, replayed: 1 });
    const [row] = await withDb((db) => db.select().from(stripeEvents).where(eq(stripeEvents.id, eventId)));
    expect(row?.status).toBe('pending');
    const audit = await withDb((db) =>
      db.select().from(auditLog).where(eq(auditLog.action, 'webhook_event.replay_failed')),
    );
    expect(audit.map((a) => a.actorEmail)).toEqual([operator]);
  });

  it('clock advance runs the renewal: a failing card makes it past_due; payments retry pays once the card is fixed', async () => {
    const bad = await runCli(['clock', 'advance', 'soon'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the duration must be a duration like 30m');
    // As the customer might in the portal: a new card that attaches fine but fails every charge.
    const [sub] = (await stripe.subscriptions.list({ limit: 1 })).data;
    const customer = sub!.customer as string;
    const failing = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer });
    await stripe.subscriptions.update(sub!.id, { default_payment_method: failing.id });

    const moved = await runCli(['clock', 'advance', '32d', '--json'], env, 180_000);
    expect(moved.stderr).toBe('');
    expect(moved.code).toBe(0);
    const { from, now } = json(moved.stdout) as { from: string; now: string };
    expect(Date.parse(now) - Date.parse(from)).toBeGreaterThanOrEqual(32 * 86_400_000);
    const [row] = await withDb((db) => db.select().from(subscriptions));
    expect(row).toMatchObject({ id: sub!.id, status: 'past_due', priceId: 'premium_monthly' });
    type Payment = { kind: string; email: string; amount: number };
    const failed = json((await runCli(['logs', '--last', '3d', '--json'], env, 60_000)).stdout);
    expect(failed.payments as Payment[]).toContainEqual(
      expect.objectContaining({ kind: 'failure', email: 'payer@example.com', amount: 1900 }),
    );

    const declined = await runCli(['payments', 'retry', 'payer@example.com'], env, 60_000);
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/^tollgate: .*declined/im);
    const good = await stripe.paymentMethods.attach('pm_card_visa', { customer });
    await stripe.subscriptions.update(sub!.id, { default_payment_method: good.id });
    const paid = await runCli(['payments', 'retry', sub!.id, '--json'], env, 60_000);
    expect(paid.stderr).toBe('');
    expect(paid.code).toBe(0);
    expect(json(paid.stdout)).toEqual({
      ok: true,
      email: 'payer@example.com',
      subscriptionId: sub!.id,
      status: 'active',
    });
    const logs = await runCli(['logs', '--last', '3d'], env, 60_000);
    expect(logs.stdout).toMatch(/ charge {2}\s*\$19\.00 {2}payer@example\.com {2}Invoice /);
    expect(logs.stdout).toMatch(
      / failure\s+\$19\.00 {2}payer@example\.com {2}Payment attempt 1 for invoice /,
    );
    const retries = await withDb((db) =>
      db.select().from(auditLog).where(eq(auditLog.action, 'payment.retry')),
    );
    expect(retries.map((r) => [r.actorEmail, (r.after as { paid: boolean }).paid])).toEqual(
      expect.arrayContaining([
        [operator, false],
        [operator, true],
      ]),
    );
    expect(retries).toHaveLength(2);
  });

  it('emulator runs the Stripe emulator on the given port until stopped', async () => {
    const child = spawn(
      process.execPath,
      [
        '--experimental-strip-types',
        'bin/tollgate.js',
        'emulator',
        '--port',
        '0',
        '--frozen-time',
        '1700000000',
        '--json',
      ],
      {
        cwd: repoRoot,
        env: { PATH: process.env.PATH },
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) resolve(out.split('\n')[0]!);
      });
      child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    const customers = createStripeAccess({ secretKey: 'sk_test_x', apiBase: url }).client.customers;
    expect(await customers.create({ email: 'e@example.com' })).toMatchObject({
      id: expect.stringMatching(/^cus_/),
      created: 1_700_000_000,
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const badPort = await runCli(['emulator', '--port', 'http']);
    expect(badPort.code).toBe(1);
    expect(badPort.stderr).toContain('--port must be a port number (got http)');
  });

  it('clock advance refuses to run in production; doctor reports a broken configuration', async () => {
    const result = await runCli(['clock', 'advance', '1d'], {
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      DATABASE_URL: 'postgres://127.0.0.1:1/none',
      APP_URL: 'https://billing.example.com',
      STRIPE_SECRET_KEY: 'sk_live_operator',
      STRIPE_WEBHOOK_SECRET: 'whsec_operator',
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'clock advance is for development only: it refuses to run with NODE_ENV=production.',
    );

    // doctor reports a broken configuration as a failed check (with the variable named), not a crash.
    const doctor = await runCli(['doctor', '--json'], { ...env, STRIPE_SECRET_KEY: 'oops' });
    expect(doctor.code).toBe(1);
    expect(json(doctor.stdout).checks).toEqual([
      {
        name: 'config',
        status: 'fail',
        detail: expect.stringContaining('STRIPE_SECRET_KEY: must be a Stripe secret key'),
        fix: 'set the variables named above',
      },
    ]);
  });

  it('subscriptions cancel ends the subscription now; then there is nothing left to cancel', async () => {
    const canceled = await runCli(
      ['subscriptions', 'cancel', 'payer@example.com', '--now', '--json'],
      env,
      60_000,
    );
    expect(canceled.code).toBe(0);
    expect(json(canceled.stdout)).toMatchObject({
      ok: true,
      immediately: true,
      message: 'Subscription canceled.',
    });
    const [row] = await withDb((db) => db.select().from(subscriptions));
    expect(row?.status).toBe('canceled');
    const again = await runCli(['subscriptions', 'cancel', 'payer@example.com'], env, 60_000);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('This user has no subscription or grant to cancel.');
  });
});
