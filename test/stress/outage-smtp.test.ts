import { gte } from 'drizzle-orm';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../../src/platform/db/schema/index.ts';
import { HttpClient } from '../support/http-client.ts';
import { SmtpCatcher } from '../support/smtp-catcher.ts';
import { mailDifferences, waitForQuiet } from '../support/stress-checks.ts';
import {
  sleep,
  startApiServer,
  startWorkerProcess,
  freePort,
  type TollgateProcess,
} from '../support/stress-processes.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const USERS = Number(process.env.STRESS_SMTP_USERS ?? 40);
const OUTAGE_MS = Number(process.env.STRESS_SMTP_OUTAGE_SECONDS ?? 60) * 1000;

/**
 * Issue 8, mail server outage: the SMTP server is down for 60 s while the app keeps producing mail
 * (welcome mails, password resets). After it comes back every mail arrives, none twice.
 */
describe('SMTP down for a minute', () => {
  let database: TestDatabase;
  let emulator: EmulatorHandle;
  let smtp: SmtpCatcher;
  let server: TollgateProcess & { url: string };
  let worker: TollgateProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await SmtpCatcher.start();
    emulator = await startEmulator({ port: 0 });
    const shared = {
      databaseUrl: database.url!,
      stripeApiBase: emulator.url,
      webhookSecret: 'whsec_unused',
      smtpPort: smtp.port,
    };
    server = await startApiServer(shared, await freePort());
    worker = await startWorkerProcess(shared);
  });

  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    await emulator?.close();
    await smtp?.down();
    await database?.close();
  });

  it('delivers every mail after the outage, none twice', async () => {
    // Some mail before the outage, delivered at once.
    await new HttpClient(server.url).register('before-outage@example.com');
    await waitForQuiet({ emulator, db: database.db });
    expect(smtp.messageIds).toHaveLength(1);

    await smtp.down();
    const downAt = new Date();
    const upAt = Date.now() + OUTAGE_MS;
    // Mail keeps being made during the outage: a user every 1.25 s, none in its last 10 s.
    await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        await sleep(((OUTAGE_MS - 10_000) * i) / USERS);
        const email = `smtp-outage-${i}@example.com`;
        await new HttpClient(server.url).register(email);
        if (i % 2 === 0) {
          const reset = await new HttpClient(server.url).post('/api/password-reset', { email });
          expect(reset.status).toBe(202);
        }
      }),
    );
    expect(Date.now()).toBeLessThan(upAt);
    await sleep(upAt - Date.now());
    const sentDuringOutage = smtp.messageIds.length;
    await smtp.up();
    const recoveredFrom = Date.now();
    await waitForQuiet({ emulator, db: database.db });
    const recoveredMs = Date.now() - recoveredFrom;

    const duringOutage = await database.db
      .select()
      .from(emailOutbox)
      .where(gte(emailOutbox.createdAt, downAt));
    const mail = await mailDifferences(database.db, smtp);
    console.log(
      JSON.stringify({
        outageMs: OUTAGE_MS,
        recoveredMs,
        mailsDuringOutage: duringOutage.length,
        attempts: duringOutage.map((m) => m.attempts).sort((a, b) => a - b),
        kinds: mail.kinds,
      }),
    );

    expect(sentDuringOutage).toBe(1);
    expect(duringOutage).toHaveLength(USERS + USERS / 2);
    // The outage was felt: mail created during it failed at least once before it went out.
    expect(duringOutage.filter((m) => m.attempts < 2)).toEqual([]);
    expect(mail.differences).toEqual([]);
    expect(mail.resent).toEqual([]);
    expect(mail.total).toBe(1 + USERS + USERS / 2);
  });
});
