import Stripe from 'stripe';
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from '../src/index.ts';

export interface Harness {
  emulator: EmulatorHandle;
  stripe: Stripe;
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, retryDelaysMs: [20, 40, 80], tickMs: 60_000, ...options });
  const stripe = new Stripe('sk_test_emulator', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  return { emulator, stripe, close: () => emulator.close() };
}

/** Plain HTTP to the emulator, as a user without the SDK would call it. */
export async function http(
  base: string,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; key?: string | null } = {},
): Promise<{ status: number; json: Record<string, unknown>; text: string; headers: Headers }> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    ...init.headers,
  };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? 'sk_test_plain'}`;
  const response = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    body: init.body,
    headers,
    redirect: 'manual',
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // HTML pages and PDFs are not JSON.
  }
  return { status: response.status, json, text, headers: response.headers };
}

export async function monthlyPrice(
  stripe: Stripe,
  amount = 1000,
  lookupKey?: string,
  interval: 'month' | 'year' = 'month',
): Promise<Stripe.Price> {
  const product = await stripe.products.create({ name: `Plan ${amount}` });
  return stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: amount,
    recurring: { interval },
    lookup_key: lookupKey,
  });
}

export const DAY = 86_400;

export interface Received {
  body: string;
  signature: string;
  event: Stripe.Event;
}

/** A local webhook receiver; `status` decides what it answers (e.g. fail the first attempts). */
export async function startReceiver(
  status: (attempt: number, event: Stripe.Event) => number = () => 200,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const { createServer } = await import('node:http');
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const event = JSON.parse(body) as Stripe.Event;
      received.push({ body, signature: String(request.headers['stripe-signature']), event });
      const attempt = received.filter((entry) => entry.event.id === event.id).length;
      response.writeHead(status(attempt, event)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/webhook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function payOnHostedPage(
  url: string,
  card = '4242424242424242',
  extra: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body: new URLSearchParams({
      email: 'buyer@example.com',
      cardNumber: card,
      expiry: '12/34',
      cvc: '123',
      name: 'Buyer',
      ...extra,
    }),
    redirect: 'manual',
  });
}
