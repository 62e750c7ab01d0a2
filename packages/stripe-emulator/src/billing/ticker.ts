import type { Emulator } from '../emulator.ts';
import { runDueOnEmulatorClock } from './advance.ts';

export function startTicker(emulator: Emulator, everyMs: number): NodeJS.Timeout {
  const timer = setInterval(() => {
    try {
      runDueOnEmulatorClock(emulator);
    } catch (error) {
      console.error('stripe-emulator: processing due work failed', error);
    }
  }, everyMs);
  timer.unref();
  return timer;
}
