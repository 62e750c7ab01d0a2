import { expect } from 'vitest';
import { createAdmin } from '../../src/accounts/create-admin.ts';
import { payOnCheckoutPage, startBillingApp, type BillingApp } from './billing-app.ts';
import type { TestClient } from './test-app.ts';

export interface Scenario {
  t: BillingApp;
  admin: TestClient;
  customer: TestClient;
  email: string;
  /** Moves time through the API, as a developer does. */
  advance(days: number): Promise<void>;
  billing(): Promise<Record<string, any>>;
  /** Kinds of the mails the customer got, oldest first. */
  mailKinds(): Promise<string[]>;
  buy(priceId: string, card?: string): Promise<void>;
  close(): Promise<void>;
  /** How often a session had ended after an advance (sessions should travel with the clock). */
  relogins(): number;
}

/** A customer's life on the whole system: app + emulator + worker, with time travel. */
export async function startScenario(email: string, env: Record<string, string> = {}): Promise<Scenario> {
  const t = await startBillingApp({ env });
  await createAdmin(t.database.db, { email: 'ops@example.com', password: 'ops-password' }, t.clock.now());
  const admin = t.client();
  await admin.login('ops@example.com', 'ops-password');
  const customer = t.client();
  await customer.register(email, 'customer-password', 'Casey <Customer>');
  let relogins = 0;
  return {
    t,
    admin,
    customer,
    email,
    async advance(days) {
      const before = new Date((await admin.get('/api/dev/clock')).data.now).getTime();
      const response = await admin.post('/api/dev/clock/advance', { days });
      expect(response.statusCode, response.body).toBe(200);
      expect(new Date(response.data.now).getTime() - before).toBeGreaterThanOrEqual(days * 86_400_000);
      // Sessions last 30 days of app time; a long jump ends them, as it would for a real user.
      for (const [client, login, password] of [
        [admin, 'ops@example.com', 'ops-password'],
        [customer, email, 'customer-password'],
      ] as const) {
        if ((await client.get('/api/profile')).statusCode === 401) {
          relogins += 1;
          await client.login(login, password);
        }
      }
    },
    billing: async () => (await customer.get('/api/billing/status')).data,
    async mailKinds() {
      await t.settle();
      for (let i = 0; ; i++) {
        const { data } = await admin.get(`/api/dev/emails?to=${encodeURIComponent(email)}`);
        if (data.emails.every((m: { sentAt: string | null }) => m.sentAt) || i > 100) {
          return data.emails
            .reverse()
            .map((m: { kind: string; sentAt: string | null }) => (m.sentAt ? m.kind : `unsent:${m.kind}`));
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async buy(priceId, card = '4242424242424242') {
      const start = await customer.post('/api/billing/checkout', { priceId });
      expect(start.statusCode, start.body).toBe(200);
      const paid = await payOnCheckoutPage(start.data.checkoutUrl, card, email);
      expect(paid.status, paid.body.slice(0, 500)).toBe(303);
      await customer.get(`/api/billing/checkout/${start.data.sessionId}`);
      await t.settle();
    },
    close: () => t.close(),
    relogins: () => relogins,
  };
}

export const count = (kinds: string[], kind: string) => kinds.filter((k) => k === kind).length;
