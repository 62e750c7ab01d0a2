import { startEmulator } from 'stripe-emulator';

export interface EmulatorOptions {
  port: string;
  host: string;
  data?: string;
  webhookUrl?: string[];
  webhookSecret?: string;
  retryDelays?: string;
  frozenTime?: string | boolean;
  json?: boolean;
}

/** `--frozen-time` alone freezes now; with Unix seconds, at that instant. */
function frozenTime(value: string | boolean | undefined): number | true | undefined {
  if (value === undefined || value === false) return undefined;
  if (value === true || value === 'now') return true;
  const time = Number(value);
  if (!Number.isInteger(time) || time <= 0)
    throw new Error(`--frozen-time must be Unix seconds (got ${value})`);
  return time;
}

/** The Stripe emulator as its own process, for an app configured with STRIPE_API_BASE. Runs until stopped. */
export async function emulatorCommand(options: EmulatorOptions): Promise<void> {
  const port = Number(options.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number (got ${options.port})`);
  const retryDelaysMs = options.retryDelays?.split(',').map((part) => Number(part.trim()));
  if (retryDelaysMs?.some((delay) => !Number.isFinite(delay) || delay < 0))
    throw new Error('--retry-delays must be milliseconds, comma-separated');
  const webhookUrls = options.webhookUrl ?? [];
  const handle = await startEmulator({
    port,
    host: options.host,
    dataFile: options.data,
    retryDelaysMs,
    frozenTime: frozenTime(options.frozenTime),
    webhooks: webhookUrls.map((url) => ({ url, secret: options.webhookSecret })),
  });
  if (options.json) {
    console.log(
      JSON.stringify({
        ok: true,
        url: handle.url,
        webhooks: webhookUrls.map((url, i) => ({ url, secret: handle.webhookSecrets[i] })),
      }),
    );
  } else {
    console.log(`Stripe emulator listening on ${handle.url}`);
    webhookUrls.forEach((url, i) => console.log(`Webhooks → ${url} signed with ${handle.webhookSecrets[i]}`));
    console.log(`Point Tollgate at it: STRIPE_API_BASE=${handle.url} STRIPE_SECRET_KEY=sk_test_emulator`);
  }
  const stop = () => {
    void handle.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
