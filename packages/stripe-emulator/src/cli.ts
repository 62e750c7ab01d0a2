import { parseArgs } from 'node:util';
import { startEmulator, type EmulatorOptions } from './index.ts';

const HELP = `stripe-emulator — a stateful, offline emulator of the Stripe API

Usage: stripe-emulator [options]

Options:
  --port N               Port to listen on (default 12111; 0 picks a free port)
  --host HOST            Interface to bind (default 127.0.0.1)
  --webhook-url URL      Send signed webhook events to URL (repeatable)
  --webhook-secret SEC   Signing secret for --webhook-url (default: generated whsec_…)
  --data FILE            Keep state in FILE so it survives a restart
  --frozen-time [T]      Freeze the emulator clock (now, or Unix seconds T)
  --retry-delays LIST    Webhook retry delays in ms, comma-separated (default 1000,2000,4000,8000,16000,32000)
  --help                 Show this help

Point the official SDK at it:
  new Stripe('sk_test_anything', { host: '127.0.0.1', port: 12111, protocol: 'http' })

Admin routes (no API key): POST /_emulator/reset, GET|POST /_emulator/chaos,
GET /_emulator/deliveries, GET|POST /_emulator/clock, GET|POST /_emulator/dunning.
`;

function frozenTime(value: string | boolean | undefined): EmulatorOptions['frozenTime'] {
  if (value === undefined || value === false) return undefined;
  if (value === true || value === '' || value === 'now') return true;
  const time = Number(value);
  if (!Number.isInteger(time) || time <= 0)
    throw new Error(`--frozen-time: expected Unix seconds, got ${value}`);
  return time;
}

/** `--frozen-time` may stand alone (freeze now) or take Unix seconds. */
function normalizedArgs(argv: string[]): string[] {
  return argv.flatMap((arg, index) =>
    arg === '--frozen-time' && (argv[index + 1] === undefined || argv[index + 1]!.startsWith('--'))
      ? [arg, 'now']
      : [arg],
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: normalizedArgs(process.argv.slice(2)),
    options: {
      port: { type: 'string', default: '12111' },
      host: { type: 'string', default: '127.0.0.1' },
      'webhook-url': { type: 'string', multiple: true },
      'webhook-secret': { type: 'string' },
      data: { type: 'string' },
      'frozen-time': { type: 'string' },
      'retry-delays': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: expected a port number, got ${values.port}`);
  const retryDelaysMs = values['retry-delays']?.split(',').map((part) => Number(part.trim()));
  if (retryDelaysMs?.some((delay) => !Number.isFinite(delay) || delay < 0))
    throw new Error('--retry-delays: expected milliseconds, comma-separated');
  const handle = await startEmulator({
    port,
    host: values.host,
    dataFile: values.data,
    frozenTime: frozenTime(values['frozen-time']),
    retryDelaysMs,
    webhooks: (values['webhook-url'] ?? []).map((url) => ({ url, secret: values['webhook-secret'] })),
  });
  process.stdout.write(`Stripe emulator listening on ${handle.url}\n`);
  handle.webhookSecrets.forEach((secret, index) => {
    process.stdout.write(`Webhooks → ${values['webhook-url']![index]} signed with ${secret}\n`);
  });
  const stop = () => {
    void handle.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`stripe-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
