import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, startScenario, type Scenario } from '../support/scenario.ts';

let s: Scenario;
beforeAll(async () => {
  s = await startScenario('pass-life@example.com');
});
afterAll(() => s.close());

describe('a 30-day pass: warning on day 27, expiry on day 30', () => {
  it('gives Pro for 30 days', async () => {
    await s.buy('pro_pass_30d');
    expect(await s.billing()).toMatchObject({
      tier: 'pro',
      source: 'one_time',
      daysRemaining: 30,
      autoRenew: false,
    });
    expect(count(await s.mailKinds(), 'pass_confirmation')).toBe(1);
  });

  it('warns once when 3 days are left', async () => {
    await s.advance(26);
    expect(count(await s.mailKinds(), 'expiry_warning')).toBe(0);
    await s.advance(1);
    expect(await s.billing()).toMatchObject({ tier: 'pro', daysRemaining: 3 });
    expect(count(await s.mailKinds(), 'expiry_warning')).toBe(1);
    await s.advance(1);
    expect(count(await s.mailKinds(), 'expiry_warning')).toBe(1);
    const mail = (await s.admin.get(`/api/dev/emails?to=${s.email}`)).data.emails.find(
      (m: { kind: string }) => m.kind === 'expiry_warning',
    );
    expect(mail.subject).toBe('Your Pro access ends in 3 days');
    expect(mail.text).toContain('http://tollgate.test/pricing');
    expect(mail.html).toContain('Casey &lt;Customer&gt;');
  });

  it('expires on day 30: back to Free, told with a renew link', async () => {
    await s.advance(2);
    expect(await s.billing()).toMatchObject({
      tier: 'free',
      isPro: false,
      status: 'expired',
      features: ['basic_tracking'],
    });
    expect((await s.customer.get('/api/pro/report')).statusCode).toBe(403);
    const kinds = await s.mailKinds();
    expect(count(kinds, 'access_expired')).toBe(1);
    await s.advance(3);
    expect(count(await s.mailKinds(), 'access_expired')).toBe(1);
  });

  it('a user who opted out of reminders gets no warning, but still the expiry notice', async () => {
    const other = s.t.client();
    await other.register('quiet@example.com', 'quiet-password');
    const prefs = await other.request('PUT', '/api/profile/email-preferences', { reminders: false });
    expect(prefs.data).toEqual({ reminders: false });
    expect((await other.get('/api/profile/email-preferences')).data).toEqual({ reminders: false });
    const start = await other.post('/api/billing/checkout', { priceId: 'pro_pass_30d' });
    const { payOnCheckoutPage } = await import('../support/billing-app.ts');
    await payOnCheckoutPage(start.data.checkoutUrl, '4242424242424242', 'quiet@example.com');
    await other.get(`/api/billing/checkout/${start.data.sessionId}`);
    await s.advance(28);
    await s.advance(3);
    const mails = (await s.admin.get('/api/dev/emails?to=quiet@example.com')).data.emails.map(
      (m: { kind: string }) => m.kind,
    );
    expect(mails).not.toContain('expiry_warning');
    expect(mails).toContain('access_expired');
  });
});
