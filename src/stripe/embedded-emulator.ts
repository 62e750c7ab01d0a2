import path from 'node:path';
import { startEmulator, type EmulatorHandle } from 'stripe-emulator';

/** Embedded mode's Stripe: the emulator in this process, its state kept under DATA_DIR. */
export async function startEmbeddedEmulator(input: {
  port: number;
  dataDir: string;
}): Promise<EmulatorHandle> {
  return startEmulator({
    port: input.port,
    host: '127.0.0.1',
    dataFile: path.join(input.dataDir, 'stripe-emulator.json'),
  });
}
