import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { ManualClock } from '../src/platform/clock.ts';
import { createLogger } from '../src/platform/logger.ts';
import { devMailboxTransport } from '../src/email/transport.ts';
import { createTestDatabase } from './support/test-database.ts';
import { loadCatalog } from '../src/catalog/catalog.ts';
import { startJobQueue } from '../src/jobs/queue.ts';
import { createStripeAccess } from '../src/stripe/client.ts';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe('logs', () => {
  it('redact passwords, tokens, cookies and full e-mail addresses', () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info(
      { email: 'secret.person@example.com', password: 'hunter22', body: { token: 'abc', password: 'x' } },
      'hello',
    );
    const out = lines.join('');
    expect(out).not.toContain('secret.person');
    expect(out).toContain('s***@example.com');
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('"abc"');
  });

  it('of real requests carry no cookie, CSRF token or query string', async () => {
    const { lines, stream } = capture();
    const database = await createTestDatabase();
    const logger = createLogger('info', stream);
    const queue = await startJobQueue(database, logger);
    const app = await createApp({
      config: loadConfig({ NODE_ENV: 'test' }),
      database,
      db: database.db,
      clock: new ManualClock(),
      mailer: devMailboxTransport,
      logger,
      stripe: createStripeAccess({ secretKey: 'sk_test_unused', apiBase: 'http://127.0.0.1:9' }),
      catalog: loadCatalog(),
      queue,
    });
    const register = await app.inject({
      method: 'POST',
      url: '/api/register',
      payload: { email: 'private.person@example.com', password: 'very-secret-pass' },
    });
    const cookie = String(register.headers['set-cookie']).split(';')[0]!;
    await app.inject({ method: 'GET', url: '/reset-password?token=sekrit-token', headers: { cookie } });
    await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { cookie, 'x-csrf-token': 'csrf-value-x' },
    });
    await app.close();
    await queue.stop();
    await database.close();
    const out = lines.join('');
    expect(out).toContain('"path":"/api/register"');
    for (const secret of [
      'private.person',
      'very-secret-pass',
      cookie.split('=')[1]!,
      'sekrit-token',
      'csrf-value-x',
    ]) {
      expect(out).not.toContain(secret);
    }
  });
});
