import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, passwordResetTokens } from '../../src/platform/db/schema/index.ts';
import { expectErrorShape, startTestApp, type TestApp, type TestClient } from '../support/test-app.ts';

let t: TestApp;
let reader: TestClient;
beforeAll(async () => {
  t = await startTestApp();
  await t.client().register('linus@example.com', 'original-password', 'Linus <b>T</b>');
  reader = t.client();
  if (!t.config.embedded) {
    // Outside embedded mode the dev mailbox needs an admin.
    const { createAdmin } = await import('../../src/accounts/create-admin.ts');
    await createAdmin(t.database.db, { email: 'ops@example.com', password: 'admin-password' }, t.clock.now());
    await reader.login('ops@example.com', 'admin-password');
  }
});
afterAll(() => t.close());

/** Reset mails for `to`, once more than `known` of them have been sent. */
async function waitForMail(to: string, known: number) {
  for (let i = 0; i < 100; i++) {
    const { data } = await reader.get(`/api/dev/emails?to=${encodeURIComponent(to)}`);
    const resets = data.emails.filter(
      (m: { kind: string; sentAt: string | null }) => m.kind === 'password_reset',
    );
    if (resets.length > known && resets.every((m: { sentAt: string | null }) => m.sentAt)) return resets;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no mail for ${to}`);
}

const tokenFrom = (mail: { text: string }) => /token=([\w-]+)/.exec(mail.text)![1]!;
const outboxCount = async () => (await t.database.db.select({ n: count() }).from(emailOutbox))[0]!.n;

describe('password reset', () => {
  it('answers 202 for an unknown e-mail and mails nothing', async () => {
    const before = await outboxCount();
    const response = await t.client().post('/api/password-reset', { email: 'ghost@example.com' });
    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ success: true, data: {} });
    expect(await outboxCount()).toBe(before);
  });

  it('mails a single-use link; confirming sets the password and ends every session', async () => {
    const session = t.client();
    await session.login('linus@example.com', 'original-password');

    const response = await t.client().post('/api/password-reset', { email: 'LINUS@example.com ' });
    expect(response.statusCode).toBe(202);
    const [mail] = await waitForMail('linus@example.com', 0);
    expect(mail.kind).toBe('password_reset');
    expect(mail.text).toContain('http://tollgate.test/reset-password?token=');
    // The user's name is escaped in the HTML part.
    expect(mail.html).toContain('Linus &lt;b&gt;T&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>T</b>');
    const token = tokenFrom(mail);

    const confirm = await t
      .client()
      .post('/api/password-reset/confirm', { token, password: 'brand-new-password' });
    expect(confirm.statusCode).toBe(200);
    expectErrorShape(await session.get('/api/profile'), 401, 'UNAUTHENTICATED');
    expectErrorShape(
      await t.client().post('/api/login', { email: 'linus@example.com', password: 'original-password' }),
      401,
      'INVALID_CREDENTIALS',
    );
    expect(
      (await t.client().post('/api/login', { email: 'linus@example.com', password: 'brand-new-password' }))
        .statusCode,
    ).toBe(200);

    const reused = await t
      .client()
      .post('/api/password-reset/confirm', { token, password: 'third-password' });
    expectErrorShape(reused, 400, 'INVALID_TOKEN');
  });

  it('refuses an expired token (after 1 hour) and an unknown one', async () => {
    const known = (await waitForMail('linus@example.com', 0)).length;
    await t.client().post('/api/password-reset', { email: 'linus@example.com' });
    const [mail] = await waitForMail('linus@example.com', known);
    t.clock.advance(3600 * 1000 + 1);
    expectErrorShape(
      await t
        .client()
        .post('/api/password-reset/confirm', { token: tokenFrom(mail), password: 'expired-attempt' }),
      400,
      'INVALID_TOKEN',
    );
    expectErrorShape(
      await t
        .client()
        .post('/api/password-reset/confirm', { token: 'made-up-token', password: 'whatever-pass' }),
      400,
      'INVALID_TOKEN',
    );
  });

  it('validates input, and a too-short new password spends nothing', async () => {
    const known = (await waitForMail('linus@example.com', 0)).length;
    await t.client().post('/api/password-reset', { email: 'linus@example.com' });
    const [mail] = await waitForMail('linus@example.com', known);
    const short = await t
      .client()
      .post('/api/password-reset/confirm', { token: tokenFrom(mail), password: 'short' });
    expectErrorShape(short, 400, 'VALIDATION_FAILED');
    expect(short.json.details).toEqual({ password: expect.any(String) });
    expectErrorShape(
      await t.client().post('/api/password-reset', { email: 'nope' }),
      400,
      'VALIDATION_FAILED',
    );
    expectErrorShape(await t.client().post('/api/password-reset/confirm', {}), 400, 'VALIDATION_FAILED');
    // The token still works after the refused attempt.
    const ok = await t
      .client()
      .post('/api/password-reset/confirm', { token: tokenFrom(mail), password: 'fine-password' });
    expect(ok.statusCode).toBe(200);
  });

  it('stores tokens only hashed and stops mailing after 3 live links', async () => {
    const email = 'flood@example.com';
    await t.client().register(email, 'flood-password');
    for (let i = 0; i < 6; i++)
      expect((await t.client().post('/api/password-reset', { email })).statusCode).toBe(202);
    const mails = await waitForMail(email, 2);
    expect(mails).toHaveLength(3);
    const tokens = await t.database.db.select().from(passwordResetTokens);
    for (const mail of mails) expect(tokens.map((r) => r.tokenHash)).not.toContain(tokenFrom(mail));
  });

  it('shows the mail on the /dev/mail page', async () => {
    const page = await reader.get('/dev/mail');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('Reset your Tollgate password');
  });
});
