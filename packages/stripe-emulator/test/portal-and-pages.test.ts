import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { monthlyPrice, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

async function post(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, { method: 'POST', body: new URLSearchParams(fields), redirect: 'manual' });
}

describe('billing portal page', () => {
  it('switches plan, cancels at period end, resumes and updates the card', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({
      email: 'portal@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const basic = await monthlyPrice(stripe, 1000);
    const pro = await monthlyPrice(stripe, 3000);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: basic.id }],
    });
    const session = await stripe.billingPortal.sessions.create({
      customer: customer.id,
      return_url: 'https://app.test/account',
    });
    expect(session.url).toBe(`${h.emulator.url}/portal/${session.id}`);
    const html = await (await fetch(session.url)).text();
    expect(html).toContain('Plan 1000');
    expect(html).toContain('https://app.test/account');
    expect(html).toContain('<label for="cardNumber">');
    expect(html).toContain(`/invoice/${subscription.latest_invoice as string}`);

    const switched = await post(session.url, {
      action: 'switch',
      subscription: subscription.id,
      price: pro.id,
    });
    expect(switched.status).toBe(303);
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data[0]!.price.id).toBe(pro.id);
    expect(await (await fetch(session.url)).text()).toContain('Your plan was changed.');

    await post(session.url, { action: 'cancel', subscription: subscription.id });
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
    expect(await (await fetch(session.url)).text()).toContain('Resume subscription');
    await post(session.url, { action: 'resume', subscription: subscription.id });
    expect((await stripe.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(false);

    await post(session.url, { action: 'card', cardNumber: '5555555555554444', expiry: '10/33', cvc: '123' });
    const updated = (await stripe.customers.retrieve(customer.id, {
      expand: ['invoice_settings.default_payment_method'],
    })) as Stripe.Customer;
    expect((updated.invoice_settings.default_payment_method as Stripe.PaymentMethod).card?.last4).toBe(
      '4444',
    );
    const declined = await post(session.url, {
      action: 'card',
      cardNumber: '4000000000000002',
      expiry: '10/33',
      cvc: '123',
    });
    expect(declined.status).toBe(303);
    expect(await (await fetch(session.url)).text()).toContain('Your card was declined.');
    await expect(stripe.billingPortal.sessions.create({ customer: 'cus_missing' })).rejects.toMatchObject({
      statusCode: 400,
      param: 'customer',
    });
  });
});

describe('invoice page and PDF', () => {
  it('serves the hosted invoice and a real PDF', async () => {
    const { stripe } = h;
    const customer = await stripe.customers.create({
      email: 'pdf@example.com',
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    const price = await monthlyPrice(stripe, 4200);
    const subscription = await stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: price.id }],
    });
    const invoice = await stripe.invoices.retrieve(subscription.latest_invoice as string);
    expect(invoice.number).toMatch(/-0001$/);
    const page = await fetch(invoice.hosted_invoice_url!);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('$42.00');
    const pdf = await fetch(invoice.invoice_pdf!);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await fetch(`${h.emulator.url}/invoice/in_missing`)).status).toBe(404);
    expect((await fetch(`${h.emulator.url}/checkout/cs_test_missing`)).status).toBe(404);
  });
});
