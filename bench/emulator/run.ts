/**
 * Drives the Stripe emulator through the official SDK: 1,000 customers with a subscription each
 * (one test clock per customer, as the app does), then a 12-month advance of every clock.
 * Prints each figure and its ratio to the same number of bare HTTP round trips to a trivial server.
 *
 *   node bench/emulator/run.ts [customers]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import Stripe from 'stripe';
import { startEmulator } from '../../packages/stripe-emulator/src/index.ts';

const CUSTOMERS = Number(process.argv[2] ?? 1000);
const START = Date.UTC(2026, 0, 1) / 1000;
const YEAR_LATER = Date.UTC(2027, 0, 1) / 1000 + 3600;

async function bareRoundTrips(count: number): Promise<number> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve());
        },
      );
      request.on('error', reject);
      request.end('a=1');
    });
  for (let i = 0; i < 200; i++) await once();
  const started = performance.now();
  for (let i = 0; i < count; i++) await once();
  const elapsed = performance.now() - started;
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return elapsed;
}

function line(label: string, ms: number, calls: number, bareMsPerCall: number): void {
  const perCall = ms / calls;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${(perCall * 1000).toFixed(0).padStart(6)} µs/call  ${(perCall / bareMsPerCall).toFixed(2)}× bare`,
  );
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0, tickMs: 60_000, maxEvents: 20_000 });
  const stripe = new Stripe('sk_test_bench', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
  const product = await stripe.products.create({ name: 'Bench' });
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  });
  for (let i = 0; i < 200; i++) await stripe.products.retrieve(product.id);

  const bareCalls = 3000;
  const bareMs = await bareRoundTrips(bareCalls);
  const bareMsPerCall = bareMs / bareCalls;
  console.log(
    `Bare HTTP round trip (trivial local server)    ${(bareMsPerCall * 1000).toFixed(0)} µs/call over ${bareCalls} calls`,
  );

  let started = performance.now();
  for (let i = 0; i < bareCalls; i++) await stripe.products.retrieve(product.id);
  line('Emulator retrieve via SDK', performance.now() - started, bareCalls, bareMsPerCall);

  started = performance.now();
  for (let i = 0; i < 1000; i++)
    await stripe.customers.create({ email: `plain${i}@example.com`, metadata: { user_id: String(i) } });
  line('Emulator customers.create via SDK ×1000', performance.now() - started, 1000, bareMsPerCall);

  const clocks: string[] = [];
  const split = { clock: 0, customer: 0, subscription: 0 };
  started = performance.now();
  for (let i = 0; i < CUSTOMERS; i++) {
    let at = performance.now();
    const lap = () => {
      const now = performance.now();
      const ms = now - at;
      at = now;
      return ms;
    };
    const clock = await stripe.testHelpers.testClocks.create({ frozen_time: START });
    split.clock += lap();
    const customer = await stripe.customers.create({
      email: `bench${i}@example.com`,
      test_clock: clock.id,
      payment_method: 'pm_card_visa',
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    split.customer += lap();
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    split.subscription += lap();
    clocks.push(clock.id);
  }
  const createMs = performance.now() - started;
  line(`Create clock + customer + subscription ×${CUSTOMERS}`, createMs, CUSTOMERS * 3, bareMsPerCall);
  line('  of which testClocks.create', split.clock, CUSTOMERS, bareMsPerCall);
  line('  of which customers.create (clock, card)', split.customer, CUSTOMERS, bareMsPerCall);
  line('  of which subscriptions.create', split.subscription, CUSTOMERS, bareMsPerCall);

  started = performance.now();
  for (const clock of clocks) await stripe.testHelpers.testClocks.advance(clock, { frozen_time: YEAR_LATER });
  const advanceMs = performance.now() - started;
  line(`Advance ${CUSTOMERS} clocks by 12 months`, advanceMs, CUSTOMERS, bareMsPerCall);

  const invoices = [...emulator.emulator.db.invoices.values()].length;
  console.log(`Invoices after the year: ${invoices} (expected ${CUSTOMERS * 13})`);
  console.log(
    `Target: API call ≤ 3× bare round trip; year advance of ${CUSTOMERS} subscriptions < 10 s → ${(advanceMs / 1000).toFixed(2)} s`,
  );
  await emulator.close();
}

await main();
