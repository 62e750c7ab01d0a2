import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { inArray } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, stripeEvents } from '../../src/platform/db/schema/index.ts';
import { payOnCheckoutPage, startBillingApp, type BillingApp } from '../support/billing-app.ts';
import { repoRoot } from '../support/run-cli.ts';
import { ManualClock } from '../../src/platform/clock.ts';

/**
 * Real processes on PostgreSQL: the API server in this process, `tollgate worker` as a child that is
 * killed with SIGKILL twice while events are being processed. Nothing may be lost and no mail may go
 * out twice (counted by Message-ID on a real SMTP server).
 */
describe.skipIf(!process.env.DATABASE_URL)('a worker killed mid-run', () => {
  let t: BillingApp;
  let smtp: SMTPServer;
  let smtpPort: number;
  const messageIds: string[] = [];
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (chunk) => (raw += chunk));
        stream.on('end', () => {
          messageIds.push(/^Message-ID: (.+)$/im.exec(raw)?.[1]?.trim() ?? 'none');
          callback();
        });
      },
    });
    smtp.listen(0, '127.0.0.1');
    await once(smtp.server, 'listening');
    smtpPort = (smtp.server.address() as { port: number }).port;
    // The worker process reads wall time; so must this side of the test.
    const wallClock = Object.assign(new ManualClock(), { now: () => new Date() });
    t = await startBillingApp({ workers: false, clock: wallClock });
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const startWorker = () =>
    spawn(process.execPath, ['--experimental-strip-types', 'bin/tollgate.js', 'worker'], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        DATABASE_URL: t.database.url!,
        APP_URL: 'http://tollgate.test',
        STRIPE_SECRET_KEY: 'sk_test_tollgate',
        STRIPE_API_BASE: t.emulator.url,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Tollgate <billing@tollgate.test>',
      },
      stdio: 'ignore',
    });

  it('processes every event and sends every mail exactly once', async () => {
    worker = startWorker();
    const clients = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const client = t.client();
        await client.register(`killed-${i}@example.com`);
        return client;
      }),
    );
    for (const [i, client] of clients.entries()) {
      const start = await client.post('/api/billing/checkout', {
        priceId: i % 2 ? 'premium_monthly' : 'pro_pass_30d',
      });
      await payOnCheckoutPage(start.data.checkoutUrl, '4242424242424242', `killed-${i}@example.com`);
      if (i === 3 || i === 8) {
        // Mid-run: events are arriving and being processed.
        worker.kill('SIGKILL');
        await once(worker, 'exit');
        worker = startWorker();
      }
    }
    await t.emulator.webhooksIdle();
    const deadline = Date.now() + 90_000;
    for (;;) {
      const open = await t.database.db
        .select({ id: stripeEvents.id })
        .from(stripeEvents)
        .where(inArray(stripeEvents.status, ['pending', 'failed']));
      const unsent = await t.database.db
        .select({ id: emailOutbox.id })
        .from(emailOutbox)
        .where(inArray(emailOutbox.status, ['pending']));
      if (open.length === 0 && unsent.length === 0) break;
      if (Date.now() > deadline) throw new Error(`${open.length} events and ${unsent.length} mails left`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const statuses = await Promise.all(clients.map(async (c) => (await c.get('/api/billing/status')).data));
    if (process.env.DEBUG_KILL) {
      const { subscriptions, accessGrants, users } = await import('../../src/platform/db/schema/index.ts');
      const { eq } = await import('drizzle-orm');
      for (const [i, st] of statuses.entries()) {
        if (st.status !== 'expired') continue;
        const [u] = await t.database.db
          .select()
          .from(users)
          .where(eq(users.email, `killed-${i}@example.com`));
        console.log(
          'FAILING',
          i,
          JSON.stringify(st),
          JSON.stringify(
            await t.database.db.select().from(accessGrants).where(eq(accessGrants.userId, u!.id)),
          ),
          JSON.stringify(
            await t.database.db.select().from(subscriptions).where(eq(subscriptions.userId, u!.id)),
          ),
          t.clock.now(),
        );
      }
    }
    expect(statuses.map((s) => `${s.tier}/${s.status}`)).toEqual(
      clients.map((_, i) => (i % 2 ? 'premium/active' : 'pro/active')),
    );
    const mails = await t.database.db.select().from(emailOutbox);
    expect(mails.every((m) => m.status === 'sent')).toBe(true);
    // 12 welcomes, 6 pass confirmations, 6 subscription confirmations, 6 receipts.
    const kinds = mails.map((m) => m.kind).sort();
    expect(
      Object.fromEntries([...new Set(kinds)].map((k) => [k, kinds.filter((x) => x === k).length])),
    ).toEqual({
      welcome: 12,
      pass_confirmation: 6,
      subscription_confirmation: 6,
      payment_receipt: 6,
    });
    expect(messageIds).toHaveLength(new Set(messageIds).size);
    expect(new Set(messageIds).size).toBe(30);
  }, 150_000);
});
