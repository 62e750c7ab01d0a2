import type Stripe from 'stripe';
import type { Emulator } from '../emulator.ts';
import { dueFor, scheduledIds } from './due-work.ts';
import { MinHeap } from './min-heap.ts';

const MAX_STEPS = 5_000_000;

/**
 * Run everything due on a clock up to `target`, strictly in time order: the clock stands at each
 * item's instant while it runs, so events carry that time and are emitted in that order.
 */
function processDue(
  emulator: Emulator,
  clockId: string | null,
  target: number,
  setTime: (time: number) => void,
): void {
  const heap = new MinHeap<{ at: number; id: string }>();
  for (const id of scheduledIds(emulator, clockId)) {
    const due = dueFor(emulator, id);
    if (due && due.at <= target) heap.push({ at: due.at, id });
  }
  const touched = new Set<string>();
  emulator.touched = touched;
  let current = -Infinity;
  try {
    for (let steps = 0; heap.size > 0 && steps < MAX_STEPS; steps++) {
      const next = heap.pop()!;
      const due = dueFor(emulator, next.id);
      if (!due || due.at !== next.at) continue;
      current = Math.max(current, due.at);
      setTime(current);
      touched.clear();
      due.run();
      touched.add(next.id);
      for (const id of touched) {
        const again = dueFor(emulator, id);
        if (again && again.at <= target) heap.push({ at: again.at, id });
      }
    }
  } finally {
    emulator.touched = null;
  }
}

export function advanceTestClock(
  emulator: Emulator,
  clock: Stripe.TestHelpers.TestClock,
  target: number,
): void {
  processDue(emulator, clock.id, target, (time) => {
    clock.frozen_time = time;
  });
  clock.frozen_time = target;
  emulator.db.testClocks.put(clock);
}

/** Move the emulator's own clock (frozen or not) and run what falls due on it. */
export function advanceEmulatorClock(emulator: Emulator, target: number): void {
  processDue(emulator, null, target, (time) => {
    emulator.clock.override = time;
  });
  emulator.clock.override = null;
  if (emulator.clock.now() < target) emulator.clock.setTo(target);
}

/** Objects on the emulator clock renew with wall time; check for due work periodically. */
export function runDueOnEmulatorClock(emulator: Emulator): void {
  processDue(emulator, null, emulator.clock.now(), (time) => {
    emulator.clock.override = time;
  });
  emulator.clock.override = null;
}
