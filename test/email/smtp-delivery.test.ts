import { once } from 'node:events';
import { eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverPendingEmails, enqueueEmail, retryDelayMs } from '../../src/email/outbox.ts';
import { smtpTransport } from '../../src/email/transport.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { emailOutbox } from '../../src/platform/db/schema/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps what it receives. */
async function startSmtp(port = 0) {
  const received: Received[] = [];
  const connections = { count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    onConnect(_session, callback) {
      connections.count += 1;
      callback();
    },
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk) => (raw += chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  server.listen(port, '127.0.0.1');
  await once(server.server, 'listening');
  return { server, received, connections, port: (server.server.address() as { port: number }).port };
}
const stop = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const mail = (n: number) => ({
  dedupeKey: `smtp-test-${n}`,
  kind: 'payment_receipt',
  to: `person${n}@example.com`,
  subject: `Receipt ${n} <b>`,
  text: `Plain ${n}`,
  html: `<p>Html ${n}</p>`,
});

describe('SMTP delivery through the outbox', () => {
  it('sends every queued mail once over SMTP, with HTML and text parts and the outbox id as Message-ID', async () => {
    const smtp = await startSmtp();
    const clock = new ManualClock(new Date('2026-05-01T10:00:00Z'));
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, 'Tollgate <billing@tollgate.test>');
    try {
      for (const n of [1, 2, 3]) await enqueueEmail(database.db, mail(n), clock.now());
      // A second enqueue with the same dedupe key changes nothing.
      expect(await enqueueEmail(database.db, mail(1), clock.now())).toBe(false);
      expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
        sent: 3,
        failed: 0,
      });
      expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
        sent: 0,
        failed: 0,
      });
      expect(smtp.received.map((r) => r.to[0]).sort()).toEqual([
        'person1@example.com',
        'person2@example.com',
        'person3@example.com',
      ]);
      const first = smtp.received.find((r) => r.to[0] === 'person1@example.com')!.raw;
      expect(first).toContain('From: Tollgate <billing@tollgate.test>');
      expect(first).toContain('text/plain');
      expect(first).toContain('text/html');
      const [row] = await database.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.dedupeKey, 'smtp-test-1'));
      expect(first).toContain(`Message-ID: <${row!.id}@tollgate.test>`);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
      // One connection carries consecutive mails (nodemailer's pool), not one connection per mail.
      expect(smtp.connections.count).toBe(1);
    } finally {
      transport.close?.();
      await stop(smtp.server);
    }
  });

  it('keeps mail while the SMTP server is down, retries with backoff, and sends each once after recovery', async () => {
    const clock = new ManualClock(new Date('2026-05-02T10:00:00Z'));
    const first = await startSmtp();
    const port = first.port;
    await stop(first.server);
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 'Tollgate <billing@tollgate.test>');
    try {
      for (const n of [11, 12, 13, 14]) await enqueueEmail(database.db, mail(n), clock.now());
      expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
        sent: 0,
        failed: 4,
      });
      const failed = await database.db
        .select()
        .from(emailOutbox)
        .where(eq(emailOutbox.dedupeKey, 'smtp-test-11'));
      expect(failed[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect(failed[0]!.lastError).toMatch(/ECONNREFUSED|connect/i);
      expect(failed[0]!.nextAttemptAt!.getTime()).toBe(clock.now().getTime() + retryDelayMs(1));

      // Still down a minute later: the backoff means nothing is even tried before it is due.
      clock.advance(10_000);
      expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
        sent: 0,
        failed: 0,
      });
      clock.advance(retryDelayMs(1));
      expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
        sent: 0,
        failed: 4,
      });

      const recovered = await startSmtp(port);
      try {
        clock.advance(retryDelayMs(2) + 1000);
        expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
          sent: 4,
          failed: 0,
        });
        clock.advance(3600_000);
        expect(await deliverPendingEmails(database.db, transport, () => clock.now())).toEqual({
          sent: 0,
          failed: 0,
        });
        expect(recovered.received.map((r) => r.to[0]).sort()).toEqual([
          'person11@example.com',
          'person12@example.com',
          'person13@example.com',
          'person14@example.com',
        ]);
        const [row] = await database.db
          .select()
          .from(emailOutbox)
          .where(eq(emailOutbox.dedupeKey, 'smtp-test-14'));
        expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
      } finally {
        // The pooled connection stays open until the transport closes; the server waits for it.
        transport.close?.();
        await stop(recovered.server);
      }
    } finally {
      transport.close?.();
    }
  });

  it('two senders at once never send the same mail twice', async () => {
    const smtp = await startSmtp();
    const clock = new ManualClock(new Date('2026-05-03T10:00:00Z'));
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, 'Tollgate <billing@tollgate.test>');
    try {
      for (let n = 100; n < 140; n++) await enqueueEmail(database.db, mail(n), clock.now());
      const results = await Promise.all(
        [1, 2, 3].map(() => deliverPendingEmails(database.db, transport, () => clock.now(), 20)),
      );
      const again = await deliverPendingEmails(database.db, transport, () => clock.now(), 100);
      expect(results.reduce((sum, r) => sum + r.sent, 0) + again.sent).toBe(40);
      expect(new Set(smtp.received.map((r) => r.to[0])).size).toBe(40);
      expect(smtp.received).toHaveLength(40);
    } finally {
      transport.close?.();
      await stop(smtp.server);
    }
  });
});
