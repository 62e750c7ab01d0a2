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
