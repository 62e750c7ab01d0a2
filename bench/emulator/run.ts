/**
 * Drives the Stripe emulator through the official SDK: 1,000 customers with a subscription each
 * (one test clock per customer, as the app does), then a 12-month advance of every clock.
 *
 * Each API call is compared with two baselines measured alongside it (for each customer: three bare
 * round trips, then each call against the trivial server and against the emulator in turn), so all
 * see the same machine load:
 * - a bare round trip: plain node:http POSTing `a=1` to a trivial server that answers `{}`;
 * - the same SDK call (same parameters, headers and client) answered by that trivial server, so
 *   the SDK's own client work is on both sides of the ratio and what remains is the emulator's.
 * Figures are medians over rounds of a hundred customers, with their range.
 *
 *   node bench/emulator/run.ts [customers]
 */
import Stripe from 'stripe';
import { startEmulator } from '../../packages/stripe-emulator/src/index.ts';
import { plainPoster } from './plain-post.ts';
import { mark, median, Rounds } from './rounds.ts';
import { startTrivialServer } from './trivial-server.ts';

const CUSTOMERS = Number(process.argv[2] ?? 1000);
const ROUND = 100;
const WARM_UP_SUBSCRIPTIONS = 100;
const START = Date.UTC(2026, 0, 1) / 1000;
const YEAR_LATER = Date.UTC(2027, 0, 1) / 1000 + 3600;
const TARGET = 3;

function sdkFor(port: number): Stripe {
  return new Stripe('sk_test_bench', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
}

/** The calls the benchmark measures, against one server; `ids` stand in for what a trivial server does not return. */
function callsOn(stripe: Stripe, priceId: string, productId: string, fixedIds: boolean) {
  return {
    retrieve: () => stripe.products.retrieve(productId),
    customer: (i: number) =>
      stripe.customers.create({ email: `plain${i}@example.com`, metadata: { user_id: String(i) } }),
    clock: () => stripe.testHelpers.testClocks.create({ frozen_time: START }),
    customerOnClock: (i: number, clockId: string) =>
      stripe.customers.create({
        email: `bench${i}@example.com`,
        test_clock: fixedIds ? 'clock_trivial' : clockId,
        payment_method: 'pm_card_visa',
        invoice_settings: { default_payment_method: 'pm_card_visa' },
      }),
    subscription: (customerId: string) =>
      stripe.subscriptions.create({
        customer: customerId,
        items: [{ price: fixedIds ? 'price_trivial' : priceId }],
      }),
  };
}

type Calls = ReturnType<typeof callsOn>;

/** Clock, customer and subscription for one customer, each call timed into `rounds` under `side:`. */
async function createTrio(rounds: Rounds, side: string, calls: Calls, i: number): Promise<string> {
  let at = mark();
  const lap = (name: string) => {
    const now = mark();
    rounds.add(`${side}:${name}`, at, now, 1);
    rounds.add(`${side}:trio`, at, now, 1);
    at = now;
  };
  const clock = await calls.clock();
  lap('clock');
  const customer = await calls.customerOnClock(i, clock.id);
  lap('customerOnClock');
  await calls.subscription(side === 'sdk' ? 'cus_trivial' : customer.id);
  lap('subscription');
  return clock.id;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: 0, tickMs: 60_000, maxEvents: 20_000 });
  const trivial = await startTrivialServer();
  const plain = plainPoster(trivial.port);
  const stripe = sdkFor(emulator.port);
  const product = await stripe.products.create({ name: 'Bench' });
  const price = await stripe.prices.create({
    product: product.id,
    currency: 'usd',
    unit_amount: 1000,
    recurring: { interval: 'month' },
  });
  const emu = callsOn(stripe, price.id, product.id, false);
  const sdk = callsOn(sdkFor(trivial.port), price.id, product.id, true);

  const warm = new Rounds();
  warm.next();
  for (let i = 0; i < WARM_UP_SUBSCRIPTIONS; i++) {
    for (let j = 0; j < 3; j++) await plain.post();
    await sdk.retrieve();
    await emu.retrieve();
    await createTrio(warm, 'sdk', sdk, i);
    await createTrio(warm, 'emu', emu, i);
  }

  const rounds = new Rounds();
  const clocks: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    if (i % ROUND === 0) rounds.next();
    await rounds.time('bare', 3, async () => {
      for (let j = 0; j < 3; j++) await plain.post();
    });
    for (const [side, calls] of [
      ['sdk', sdk],
      ['emu', emu],
    ] as const) {
      await rounds.time(`${side}:retrieve`, 3, async () => {
        for (let j = 0; j < 3; j++) await calls.retrieve();
      });
      await rounds.time(`${side}:customer`, 1, () => calls.customer(i));
      const clock = await createTrio(rounds, side, calls, i);
      if (side === 'emu') clocks.push(clock);
    }
  }

  const bare = rounds.perCall('bare');
  console.log(
    `Bare round trip (plain node:http → trivial server): ${(median(bare) * 1000).toFixed(0)} µs/call, median of ${rounds.count} rounds`,
  );
  console.log(
    'µs/call: wall time against the emulator (and against the trivial server). Ratios: median of the rounds',
  );
  console.log(
    '(lowest–highest), wall time unless marked CPU (CPU time of this process: client and both servers).',
  );
  console.log(
    `${'Emulator call via the SDK'.padEnd(42)}${'µs/call'.padStart(8)}${'(trivial)'.padStart(10)}  ${'× bare'.padEnd(19)}${'CPU × bare'.padEnd(19)}${'× same SDK call'.padEnd(19)}CPU × same SDK call`,
  );
  const range = (values: number[]) =>
    `${median(values).toFixed(2)} (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  const figures: [string, string][] = [
    ['products.retrieve', 'retrieve'],
    ['customers.create', 'customer'],
    ['testClocks.create', 'clock'],
    ['customers.create (clock, card)', 'customerOnClock'],
    ['subscriptions.create', 'subscription'],
    ['the three creation calls, per call', 'trio'],
  ];
  let worst = 0;
  let worstCpu = 0;
  for (const [label, name] of figures) {
    const againstSdk = rounds.ratios(`emu:${name}`, `sdk:${name}`);
    worst = Math.max(worst, median(againstSdk));
    worstCpu = Math.max(worstCpu, median(rounds.ratios(`emu:${name}`, `sdk:${name}`, 'cpuMs')));
    console.log(
      `${label.padEnd(42)}${(median(rounds.perCall(`emu:${name}`)) * 1000).toFixed(0).padStart(8)}${(median(rounds.perCall(`sdk:${name}`)) * 1000).toFixed(0).padStart(10)}  ${range(rounds.ratios(`emu:${name}`, 'bare')).padEnd(19)}${range(rounds.ratios(`emu:${name}`, 'bare', 'cpuMs')).padEnd(19)}${range(againstSdk).padEnd(19)}${range(rounds.ratios(`emu:${name}`, `sdk:${name}`, 'cpuMs'))}`,
    );
  }

  const started = performance.now();
  for (const clock of clocks) await stripe.testHelpers.testClocks.advance(clock, { frozen_time: YEAR_LATER });
  const advanceMs = performance.now() - started;
  console.log(`Advance ${CUSTOMERS} clocks by 12 months: ${(advanceMs / 1000).toFixed(2)} s`);

  const invoices = emulator.emulator.db.invoices.size;
  const expected = CUSTOMERS * 13 + WARM_UP_SUBSCRIPTIONS;
  console.log(`Invoices after the year: ${invoices} (expected ${expected})`);
  const callsOk = worst <= TARGET;
  const advanceOk = advanceMs < 10_000;
  console.log(
    `${callsOk ? 'PASS' : 'FAIL'}  every API call ≤ ${TARGET}× the same call answered by a trivial server (worst median ${worst.toFixed(2)}×, in CPU time ${worstCpu.toFixed(2)}×)`,
  );
  console.log(
    `${advanceOk ? 'PASS' : 'FAIL'}  year advance of ${CUSTOMERS} subscriptions < 10 s (${(advanceMs / 1000).toFixed(2)} s)`,
  );
  plain.close();
  await trivial.close();
  await emulator.close();
  if (!callsOk || !advanceOk || invoices !== expected) process.exitCode = 1;
}

await main();
