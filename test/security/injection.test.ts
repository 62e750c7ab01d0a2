import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/accounts/create-admin.ts';
import { users } from '../../src/platform/db/schema/index.ts';
import { repoRoot } from '../support/run-cli.ts';
import { startTestApp, type ApiResponse, type TestApp, type TestClient } from '../support/test-app.ts';
import { HOSTILE_STRINGS, tableChecksums } from './support.ts';

/** SQL and HTML in every text field: stored verbatim or refused, never a 5xx, never run or rendered. */
let t: TestApp;
let admin: TestClient;
let tables: string[];
beforeAll(async () => {
  t = await startTestApp();
  await createAdmin(t.database.db, { email: 'root@example.com', password: 'root-password' }, t.clock.now());
  admin = t.client();
  await admin.login('root@example.com', 'root-password');
  tables = Object.keys(await tableChecksums(t.database));
});
afterAll(() => t.close());

// Stored strings are trimmed by the schemas; every hostile string is stored as sent apart from that.
const SQL = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000'));
const XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>';

/** A 4xx in the API.md shape, or a success: anything but a server error. */
function handled(response: ApiResponse, what: string) {
  expect(response.statusCode, `${what}: ${response.body}`).toBeLessThan(500);
  if (response.statusCode >= 400) {
    expect(response.json, what).toMatchObject({ success: false, status: response.statusCode });
    expect(response.json.code, what).toMatch(/^[A-Z_]+$/);
  }
}

async function expectTablesIntact() {
  expect(Object.keys(await tableChecksums(t.database))).toEqual(tables);
  expect((await t.database.db.select().from(users)).length).toBeGreaterThan(1);
}

describe('SQL injection strings in every text field', () => {
  it('register name: stored verbatim; e-mail: refused as invalid or stored as given', async () => {
    for (const [i, text] of SQL.entries()) {
      const client = t.client();
      const response = await client.post('/api/register', {
        email: `sqli-${i}@example.com`,
        password: 'long enough',
        name: text,
      });
      handled(response, text);
      if (text.trim() === '') continue;
      expect(response.statusCode, text).toBe(201);
      const [row] = await t.database.db
        .select()
        .from(users)
        .where(eq(users.email, `sqli-${i}@example.com`));
      expect(row!.name).toBe(text.trim());
      expect((await client.get('/api/profile')).data.user.name).toBe(text.trim());
    }
    for (const email of ["o'reilly@example.com", "x'--@example.com", '"; drop table users;"@example.com']) {
      const response = await t.client().post('/api/register', { email, password: 'long enough' });
      handled(response, email);
      if (response.statusCode === 201) expect(response.data.user.email).toBe(email);
      else expect(response.json.code).toBe('VALIDATION_FAILED');
    }
    await expectTablesIntact();
  });

  it('login, password reset and its confirmation', async () => {
    for (const text of SQL) {
      handled(await t.client().post('/api/login', { email: text, password: text }), `login ${text}`);
      handled(
        await t.client().post('/api/login', { email: 'sqli-0@example.com', password: text }),
        `login password ${text}`,
      );
      handled(await t.client().post('/api/password-reset', { email: text }), `reset ${text}`);
      const confirm = await t
        .client()
        .post('/api/password-reset/confirm', { token: text, password: 'long enough' });
      handled(confirm, `confirm ${text}`);
      expect(confirm.statusCode).toBe(400);
    }
    await expectTablesIntact();
  });

  it('admin search and filters: no error, and LIKE wildcards match only themselves', async () => {
    const total = (await admin.get('/api/admin/users')).data.total;
    expect(total).toBeGreaterThan(SQL.length);
    for (const text of [...SQL, '%', '_', '%%', '\\%']) {
      const q = encodeURIComponent(text);
      const search = await admin.get(`/api/admin/users?q=${q}`);
      handled(search, `q ${text}`);
      expect(search.statusCode).toBe(200);
      // A quote or a wildcard does not widen the search to every user.
      expect(search.data.total, text).toBeLessThan(total);
      for (const url of [
        `/api/admin/webhook-events?type=${q}`,
        `/api/admin/emails?kind=${q}`,
        `/api/admin/payments?status=${q}`,
        `/api/admin/payments?userId=${q}`,
        `/api/dev/emails?to=${q}`,
        `/api/admin/metrics?from=${q}`,
      ]) {
        handled(await admin.get(url), url);
      }
    }
    // The stored names that hold quotes are found by searching for exactly those quotes.
    const robert = await admin.get(`/api/admin/users?q=${encodeURIComponent("Robert'); DROP")}`);
    expect(robert.data.total).toBe(1);
    await expectTablesIntact();
  });

  it('admin comment and the AI prompt are stored verbatim', async () => {
    const client = t.client();
    const { id } = await client.register('prompter@example.com');
    const comment = "'; UPDATE users SET role = 'admin'; --";
    const grant = await admin.request('PUT', `/api/admin/users/${id}/subscription`, {
      tier: 'pro',
      durationMonths: 1,
      isPaid: false,
      comment,
    });
    expect(grant.statusCode, grant.body).toBe(200);
    const audit = await admin.get('/api/admin/audit-log?pageSize=100');
    expect(JSON.stringify(audit.data)).toContain(JSON.stringify(comment).slice(1, -1));
    expect((await client.get('/api/profile')).data.user.role).toBe('user');

    for (const prompt of [...SQL.filter((s) => s.trim()), XSS]) {
      const response = await client.post('/api/ai/generate', { prompt });
      handled(response, prompt);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.data.prompt).toBe(prompt.trim());
    }
    const history = (await client.get('/api/ai/history')).data.items.map((i: { prompt: string }) => i.prompt);
    expect(history).toContain(XSS);
    await expectTablesIntact();
  });

  it('a NUL character (which PostgreSQL text cannot hold) is 400 VALIDATION_FAILED, not a 500 (finding)', async () => {
    const before = await tableChecksums(t.database);
    const client = t.client();
    const attempts: [string, () => Promise<ApiResponse>][] = [
      [
        'name',
        () =>
          client.post('/api/register', {
            email: 'nul@example.com',
            password: 'long enough',
            name: 'a\u0000b',
          }),
      ],
      ['email', () => client.post('/api/login', { email: 'nul\u0000@example.com', password: 'whatever' })],
      ['q', () => admin.get('/api/admin/users?q=a%00b')],
      [
        'comment',
        () =>
          admin.request(
            'PUT',
            `/api/admin/users/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/subscription`,
            { tier: 'pro', durationMonths: 1, comment: '\u0000' },
          ),
      ],
      ['to', () => admin.get('/api/dev/emails?to=%00')],
    ];
    for (const [field, attempt] of attempts) {
      const response = await attempt();
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.json).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { [field]: expect.any(String) },
      });
    }
    expect(await tableChecksums(t.database)).toEqual(before);
  });
});

describe('HTML in names and reasons is rendered as text', () => {
  it('the welcome e-mail and the dev mailbox escape a hostile name', async () => {
    const client = t.client();
    await client.register('xss@example.com', 'long enough', XSS);
    const { emails } = (await admin.get(`/api/dev/emails?to=xss@example.com`)).data;
    expect(emails.length).toBeGreaterThan(0);
    for (const mail of emails) {
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('<img src=x');
      if (mail.html.includes('alert')) expect(mail.html).toContain('&lt;script&gt;');
    }
    const page = await admin.get('/dev/mail?to=xss@example.com');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('<script>');
    expect(page.body).not.toContain('<img src=x');
  });

  it("the emulator's hosted checkout page escapes product names and customer e-mails", async () => {
    const stripe = t.deps.stripe.client;
    const product = await stripe.products.create({ name: XSS });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 500, currency: 'usd' });
    const customer = await stripe.customers.create({ email: 'xss@example.com', name: XSS });
    const session = await stripe.checkout.sessions.create({
      mode: 'payment',
      customer: customer.id,
      line_items: [{ price: price.id, quantity: 1 }],
      success_url: 'http://tollgate.test/ok',
      cancel_url: 'http://tollgate.test/"><script>alert(1)</script>',
    });
    const html = await (await fetch(session.url!)).text();
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
  });

  it('the emulator refuses a javascript: URL as a checkout or portal return address (finding)', async () => {
    const stripe = t.deps.stripe.client;
    const product = await stripe.products.create({ name: 'plain' });
    const price = await stripe.prices.create({ product: product.id, unit_amount: 500, currency: 'usd' });
    await expect(
      stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: price.id, quantity: 1 }],
        success_url: 'http://tollgate.test/ok',
        cancel_url: 'javascript:alert(1)',
      }),
    ).rejects.toThrow(/Not a valid URL/);
    const customer = await stripe.customers.create({ email: 'portal-xss@example.com' });
    await expect(
      stripe.billingPortal.sessions.create({ customer: customer.id, return_url: 'javascript:alert(1)' }),
    ).rejects.toThrow(/Not a valid URL/);
  });

  it('the web app renders text, never raw HTML (no HTML sinks in its source)', () => {
    const sinks =
      /dangerouslySetInnerHTML|\.innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write|new Function\(|\beval\(/;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const file = path.join(dir, entry);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.(tsx?|jsx?)$/.test(entry) && sinks.test(readFileSync(file, 'utf8'))) offenders.push(file);
      }
    };
    walk(path.join(repoRoot, 'web/src'));
    expect(offenders).toEqual([]);
  });
});
