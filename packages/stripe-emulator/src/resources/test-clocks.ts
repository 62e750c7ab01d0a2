import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { advanceTestClock } from '../billing/advance.ts';
import { invalidRequest } from '../server/errors.ts';
import { newestFirst, paginate, type ListParams } from '../server/pagination.ts';
import { listSpec, required, string, timestamp, validate } from '../server/params.ts';
import type { Router } from '../server/router.ts';
import { newId } from '../store/ids.ts';
import { deletedObject, findOr404, snapshot } from './common.ts';

const DELETES_AFTER = 30 * 86_400;

/** Deleting a clock deletes every object on it, as on Stripe. */
function deleteClock(emulator: Emulator, clock: Stripe.TestHelpers.TestClock): void {
  const db = emulator.db;
  const customers = new Set(db.customers.filter((row) => row.test_clock === clock.id).map((row) => row.id));
  for (const table of [db.subscriptions, db.invoices, db.invoiceItems] as const) {
    for (const row of (
      table as { filter(predicate: (row: { id: string; customer?: unknown }) => boolean): { id: string }[] }
    ).filter((row) => customers.has(row.customer as string))) {
      (table as { delete(id: string): boolean }).delete(row.id);
    }
  }
  for (const id of customers) db.customers.delete(id);
  db.testClocks.delete(clock.id);
}

export function testClockRoutes(router: Router, emulator: Emulator): void {
  const clocks = emulator.db.testClocks;
  router.post('/v1/test_helpers/test_clocks', ({ params }) => {
    const input = validate<{ frozen_time: number | 'now'; name?: string }>(params, {
      frozen_time: required(timestamp),
      name: string,
    });
    if (input.frozen_time === 'now')
      throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp.', 'frozen_time');
    const created = emulator.clock.now();
    const clock: Stripe.TestHelpers.TestClock = {
      id: newId('clock'),
      object: 'test_helpers.test_clock',
      created,
      deletes_after: created + DELETES_AFTER,
      frozen_time: input.frozen_time,
      livemode: false,
      name: input.name ?? null,
      status: 'ready',
      status_details: {},
    };
    clocks.put(clock);
    emulator.emit('test_helpers.test_clock.created', clock, input.frozen_time);
    return clock;
  });
  router.get('/v1/test_helpers/test_clocks/:id', ({ pathParams, params }) => {
    validate(params, {});
    return findOr404(clocks, pathParams[0]!);
  });
  router.get('/v1/test_helpers/test_clocks', ({ params }) => {
    const query = validate<ListParams>(params, listSpec);
    return paginate(
      newestFirst([...clocks.values()]),
      query,
      '/v1/test_helpers/test_clocks',
      'test_helpers.test_clock',
    );
  });
  router.delete('/v1/test_helpers/test_clocks/:id', ({ pathParams, params }) => {
    validate(params, {});
    const clock = findOr404(clocks, pathParams[0]!);
    deleteClock(emulator, clock);
    emulator.emit('test_helpers.test_clock.deleted', clock, clock.frozen_time);
    return deletedObject(clock.id, 'test_helpers.test_clock');
  });
  router.post('/v1/test_helpers/test_clocks/:id/advance', ({ pathParams, params }) => {
    const input = validate<{ frozen_time: number | 'now' }>(params, { frozen_time: required(timestamp) });
    const clock = findOr404(clocks, pathParams[0]!);
    if (input.frozen_time === 'now' || input.frozen_time <= clock.frozen_time) {
      throw invalidRequest(
        'The frozen_time must be after the current frozen_time of the test clock.',
        'frozen_time',
      );
    }
    if (clock.status === 'advancing')
      throw invalidRequest('This test clock is already advancing.', undefined, 'test_clock_advancing');
    clock.status = 'advancing';
    clock.status_details = { advancing: { target_frozen_time: input.frozen_time } };
    emulator.emit('test_helpers.test_clock.advancing', clock, clock.frozen_time);
    // Stripe answers while the clock is still advancing; the emulator finishes before answering.
    const response = snapshot(clock);
    try {
      advanceTestClock(emulator, clock, input.frozen_time);
    } finally {
      clock.status = 'ready';
      clock.status_details = {};
      clocks.put(clock);
    }
    emulator.emit('test_helpers.test_clock.ready', clock, clock.frozen_time);
    return response;
  });
}
