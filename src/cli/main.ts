import { Command } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';

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

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `tollgate: ${(error as Error).message}`);
  process.exit(1);
}
