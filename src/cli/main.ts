import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { AppError } from '../platform/errors.ts';
import type { EmulatorOptions } from './emulator.ts';

// Commands load their modules when run, so `--help` and small commands start fast.
const serveCommand = async (config: Config) => (await import('./serve.ts')).serveCommand(config);
const migrateCommand = async (config: Config, options: { json?: boolean }) =>
  (await import('./migrate.ts')).migrateCommand(config, options);
const createAdminCommand = async (
  config: Config,
  options: { email: string; password: string; json?: boolean },
) => (await import('./users-create-admin.ts')).createAdminCommand(config, options);

const plansSyncCommand = async (config: Config, options: { json?: boolean }) =>
  (await import('./plans-sync.ts')).plansSyncCommand(config, options);
const stripeReconcileCommand = async (config: Config, options: { json?: boolean; days: string }) =>
  (await import('./stripe-reconcile.ts')).stripeReconcileCommand(config, options);
const workerCommand = async (config: Config) => (await import('./worker.ts')).workerCommand(config);
type Json = { json?: boolean };
const doctorCommand = async (options: Json) => (await import('./doctor.ts')).doctorCommand(options);
type RegisterOptions = Json & { rotate?: boolean; showSecret?: boolean };
const webhooksRegisterCommand = async (config: Config, options: RegisterOptions) =>
  (await import('./webhooks-register.ts')).webhooksRegisterCommand(config, options);
const webhooksReplayCommand = async (
  config: Config,
  id: string | undefined,
  options: Json & { failed?: boolean },
) => (await import('./webhooks-replay.ts')).webhooksReplayCommand(config, id, options);
const subscriptionsCancelCommand = async (config: Config, email: string, options: Json & { now?: boolean }) =>
  (await import('./subscriptions-cancel.ts')).subscriptionsCancelCommand(config, email, options);
const subscriptionsChangePlanCommand = async (
  config: Config,
  email: string,
  options: Json & { plan: string },
) => (await import('./subscriptions-change-plan.ts')).subscriptionsChangePlanCommand(config, email, options);
const paymentsRetryCommand = async (config: Config, target: string, options: Json) =>
  (await import('./payments-retry.ts')).paymentsRetryCommand(config, target, options);
type GrantOptions = Json & { plan: string; days?: string; months?: string; comment?: string };
const usersGrantCommand = async (config: Config, email: string, options: GrantOptions) =>
  (await import('./users-grant.ts')).usersGrantCommand(config, email, options);
const logsCommand = async (config: Config, options: Json & { last: string }) =>
  (await import('./logs.ts')).logsCommand(config, options);
const clockAdvanceCommand = async (config: Config, duration: string, options: Json) =>
  (await import('./clock-advance.ts')).clockAdvanceCommand(config, duration, options);
const emulatorCommand = async (options: EmulatorOptions) =>
  (await import('./emulator.ts')).emulatorCommand(options);

const program = new Command('tollgate')
  .description('Tollgate: subscription billing for SaaS products (Stripe Checkout, webhooks, access, jobs).')
  .showHelpAfterError();

program
  .command('serve')
  .description('Run the HTTP server (embedded mode when DATABASE_URL is not set).')
  .action(() => serveCommand(loadConfig()));

program
  .command('migrate')
  .description('Apply pending database migrations to DATABASE_URL (or the embedded database).')
  .option('--json', 'print the result as JSON')
  .action((options: { json?: boolean }) => migrateCommand(loadConfig(), options));

program
  .command('worker')
  .description('Run the job workers (webhook processing, schedules) without the HTTP server.')
  .action(() => workerCommand(loadConfig()));

program
  .command('plans')
  .description('Manage the plan catalog.')
  .command('sync')
  .description('Create or update the Stripe products and prices of the catalog (by lookup_key).')
  .option('--json', 'print the result as JSON')
  .action((options: { json?: boolean }) => plansSyncCommand(loadConfig(), options));

program
  .command('stripe')
  .description('Work with Stripe.')
  .command('reconcile')
  .description('Re-read subscriptions and recent events from Stripe and repair the mirror.')
  .option('--days <days>', 'how many days of events to look back', '3')
  .option('--json', 'print the result as JSON')
  .action((options: { json?: boolean; days: string }) => stripeReconcileCommand(loadConfig(), options));

const users = program.command('users').description('Manage user accounts.');
users
  .command('create-admin')
  .description('Create an admin account, or make an existing account admin with this password.')
  .requiredOption('--email <email>', 'the admin e-mail address')
  .requiredOption('--password <password>', 'at least 8 characters')
  .option('--json', 'print the result as JSON')
  .action((options: { email: string; password: string; json?: boolean }) =>
    createAdminCommand(loadConfig(), options),
  );

users
  .command('grant')
  .description('Give a user a paid plan for free for a while (an admin grant; no Stripe charge).')
  .argument('<email>', "the user's e-mail address")
  .requiredOption('--plan <plan>', 'a paid plan of the catalog, e.g. pro')
  .option('--days <days>', 'how long, in days (default 30)')
  .option('--months <months>', 'how long, in calendar months (instead of --days)')
  .option('--comment <text>', 'why, for the audit log')
  .option('--json', 'print the result as JSON')
  .action((email: string, options: GrantOptions) => usersGrantCommand(loadConfig(), email, options));

program
  .command('doctor')
  .description(
    'Check the configuration, database, migrations, Stripe key and webhook endpoint, and mail; exit 1 if anything fails.',
  )
  .option('--json', 'print the checks as JSON')
  .action((options: Json) => doctorCommand(options));

const webhooks = program.command('webhooks').description('Manage Stripe webhooks.');
webhooks
  .command('register')
  .description(
    'Create or update the Stripe webhook endpoint for APP_URL/api/stripe/webhook with the handled events; store its signing secret in the database.',
  )
  .option('--rotate', 'make a new endpoint and secret even when the current one is known')
  .option(
    '--show-secret',
    'print the signing secret (to put in STRIPE_WEBHOOK_SECRET if you manage it there)',
  )
  .option('--json', 'print the result as JSON')
  .action((options: RegisterOptions) => webhooksRegisterCommand(loadConfig(), options));
webhooks
  .command('replay')
  .description('Process a stored webhook event again, or every failed one with --failed.')
  .argument('[eventId]', 'the Stripe event id (evt_…)')
  .option('--failed', 'replay every failed event')
  .option('--json', 'print the result as JSON')
  .action((eventId: string | undefined, options: Json & { failed?: boolean }) =>
    webhooksReplayCommand(loadConfig(), eventId, options),
  );

const subscriptionsGroup = program.command('subscriptions').description("Manage users' subscriptions.");
subscriptionsGroup
  .command('cancel')
  .description("Cancel a user's subscription at the period end (or --now) and revoke their admin grants.")
  .argument('<email>', "the user's e-mail address")
  .option('--now', 'end it immediately instead of at the period end')
  .option('--json', 'print the result as JSON')
  .action((email: string, options: Json & { now?: boolean }) =>
    subscriptionsCancelCommand(loadConfig(), email, options),
  );
subscriptionsGroup
  .command('change-plan')
  .description("Move a user's subscription to another price (prorated).")
  .argument('<email>', "the user's e-mail address")
  .requiredOption(
    '--plan <price>',
    'a catalog price id / lookup key (e.g. premium_monthly) or a Stripe price id',
  )
  .option('--json', 'print the result as JSON')
  .action((email: string, options: Json & { plan: string }) =>
    subscriptionsChangePlanCommand(loadConfig(), email, options),
  );

program
  .command('payments')
  .description('Work with payments.')
  .command('retry')
  .description('Pay the open invoice of a past-due subscription now.')
  .argument('<target>', 'a subscription id (sub_…) or a user e-mail address')
  .option('--json', 'print the result as JSON')
  .action((target: string, options: Json) => paymentsRetryCommand(loadConfig(), target, options));

program
  .command('logs')
  .description('Show the payment log and the webhook failures of a recent window.')
  .option('--last <duration>', 'the window: 30m, 24h, 7d, 2w', '24h')
  .option('--json', 'print the result as JSON')
  .action((options: Json & { last: string }) => logsCommand(loadConfig(), options));

program
  .command('clock')
  .description('Development time travel.')
  .command('advance')
  .description(
    "Move the app's clock and the customers' Stripe test clocks forward (development only; stop an embedded app first).",
  )
  .argument('<duration>', 'how far: 30m, 24h, 7d, 2w')
  .option('--json', 'print the result as JSON')
  .action((duration: string, options: Json) => clockAdvanceCommand(loadConfig(), duration, options));

program
  .command('emulator')
  .description('Run the Stripe emulator as its own process (point the app at it with STRIPE_API_BASE).')
  .option('--port <port>', 'port to listen on (0 picks a free one)', '12111')
  .option('--host <host>', 'interface to bind', '127.0.0.1')
  .option('--data <file>', 'keep the state in this file so it survives a restart')
  .option('--webhook-url <url...>', 'send signed webhook events to these URLs')
  .option('--webhook-secret <secret>', 'signing secret for --webhook-url (default: generated)')
  .option('--retry-delays <ms>', 'webhook retry delays in ms, comma-separated')
  .option('--frozen-time [unixSeconds]', "freeze the emulator's clock (now, or at these Unix seconds)")
  .option('--json', 'print the address as JSON')
  .action((options: EmulatorOptions) => emulatorCommand(options));

/** One line for the operator; with --json also a JSON error on stdout for scripts. */
function reportFailure(error: unknown): void {
  const message =
    error instanceof ConfigError ? error.message : `tollgate: ${(error as Error).message ?? String(error)}`;
  const details =
    error instanceof AppError && error.details
      ? Object.entries(error.details).map(([field, problem]) => `  ${field}: ${problem}`)
      : [];
  console.error([message, ...details].join('\n'));
  if (process.argv.includes('--json')) {
    const code =
      error instanceof AppError ? error.code : error instanceof ConfigError ? 'CONFIG_INVALID' : 'FAILED';
    console.log(JSON.stringify({ ok: false, error: { code, message: (error as Error).message } }));
  }
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportFailure(error);
  process.exit(1);
}
